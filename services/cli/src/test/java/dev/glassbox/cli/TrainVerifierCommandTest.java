package dev.glassbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.inference.VerifierGraph;
import dev.glassbox.inference.VerifierWeights;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrainVerifierCommandTest {

  /** Synthetic HaluEval-shaped calls written for the tests (no dev data needed, so CI runs this). */
  private static final Path FIXTURE = Path.of("../verifier/src/test/resources/verifier-data");

  @Test
  void aTinyTrainingRunWritesAWeightFileWithTheTopLayerAndTheHead(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("verifier.gbv");
    int code = new CommandLine(new Glassbox()).execute("train-verifier", "--tiny", "--data", FIXTURE.toString(), "--out", out.toString());
    assertEquals(0, code);
    try (InputStream in = Files.newInputStream(out)) {
      VerifierWeights w = VerifierWeights.read(in);
      assertTrue(w.tensors().keySet().containsAll(VerifierGraph.HEAD));
      assertEquals(VerifierGraph.roleNames().size() + VerifierGraph.HEAD.size(), w.tensors().size());
      assertEquals("5", w.settings().get("firstTrainedLayer"));
      assertEquals("64", w.settings().get("maxTokens"));
    }
  }
}
