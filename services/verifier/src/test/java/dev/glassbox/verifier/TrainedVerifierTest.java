package dev.glassbox.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.core.verify.Verifier.Pair;
import dev.glassbox.core.verify.VerifierLabel;
import dev.glassbox.inference.EncoderOptions;
import dev.glassbox.inference.OnnxVerifier;
import dev.glassbox.inference.VerifierWeights;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainedVerifierTest {

  private static final List<Pair> PROBES = List.of(
      new Pair("Marie Curie won the Nobel Prize in Physics in 1903 with Pierre Curie.", "Marie Curie won the Nobel Prize in 1903."),
      new Pair("Marie Curie won the Nobel Prize in Physics in 1903 with Pierre Curie.", "Marie Curie did not win a Nobel Prize."),
      new Pair("The company said profits rose 12 pct to 4.5 mln dlrs in the quarter.", "The weather in Oslo was cold."));

  private static List<VerifierData.Labelled> tinySet() {
    List<VerifierData.Labelled> out = new ArrayList<>();
    String[] facts = {"Paris is the capital of France.", "The river Nile flows through Egypt and Sudan.",
        "Ada Lovelace wrote the first program for the Analytical Engine.", "Sales rose 7 pct to 120 mln dlrs in 1986."};
    for (String f : facts) {
      out.add(new VerifierData.Labelled("d", new Pair(f, f), VerifierLabel.SUPPORTED, "kept"));
      out.add(new VerifierData.Labelled("d", new Pair(f, ClaimEdits.negate(f) == null ? "It is false that " + f : ClaimEdits.negate(f)),
          VerifierLabel.CONTRADICTED, "negate"));
      out.add(new VerifierData.Labelled("d", new Pair(f, "Bananas are yellow when ripe."), VerifierLabel.NOT_ENOUGH_INFO, "other"));
    }
    return out;
  }

  @Test
  void theMergedOnnxModelGivesTheTrainedModelsLogitsWithin1eMinus4() throws Exception {
    VerifierTrainer.Options options = new VerifierTrainer.Options(3, 5, 64, 512, 1e-4f, 1e-3f, 1);
    VerifierTrainer.Result trained = new VerifierTrainer(options).train(tinySet(), PROBES, new PrintStream(new ByteArrayOutputStream()));
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    trained.weights().write(file);
    VerifierWeights read = VerifierWeights.read(new ByteArrayInputStream(file.toByteArray()));
    try (OnnxVerifier verifier = new OnnxVerifier(EncoderOptions.DEFAULT, read)) {
      float[][] onnx = verifier.logits(PROBES);
      for (int i = 0; i < PROBES.size(); i++) {
        for (int k = 0; k < 3; k++) {
          assertEquals(trained.probeLogits()[i][k], onnx[i][k], 1e-4, "pair " + i + " logit " + k);
        }
      }
    }
  }

  @Test
  void trainingIsDeterministicForASeedAndLowersTheLoss() throws Exception {
    VerifierTrainer.Options options = new VerifierTrainer.Options(5, 5, 64, 256, 1e-4f, 3e-3f, 4);
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    VerifierTrainer.Result first = new VerifierTrainer(options).train(tinySet(), PROBES, quiet);
    VerifierTrainer.Result second = new VerifierTrainer(options).train(tinySet(), PROBES, quiet);
    for (int i = 0; i < PROBES.size(); i++) {
      for (int k = 0; k < 3; k++) assertEquals(first.probeLogits()[i][k], second.probeLogits()[i][k], 1e-5);
    }
    assertTrue(first.summary().lastLoss() < first.summary().firstLoss(),
        "loss " + first.summary().firstLoss() + " → " + first.summary().lastLoss());
  }
}
