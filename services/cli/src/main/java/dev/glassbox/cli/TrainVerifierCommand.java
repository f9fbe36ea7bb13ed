package dev.glassbox.cli;

import dev.glassbox.inference.EncoderOptions;
import dev.glassbox.inference.OnnxVerifier;
import dev.glassbox.inference.VerifierGraph;
import dev.glassbox.verifier.VerifierData;
import dev.glassbox.verifier.VerifierEval;
import dev.glassbox.verifier.VerifierTrainer;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code glassbox train-verifier}: builds the verifier's pairs from the dev files (seeded), trains its top encoder layer
 * and head on DJL's PyTorch engine, writes the weight file the inference module ships, and can print the held-out views.
 */
@Command(name = "train-verifier", mixinStandardHelpOptions = true,
    description = "Train Glassbox's verifier (a MiniLM cross-encoder: supported / contradicted / not enough info) from the dev files.")
public final class TrainVerifierCommand implements Callable<Integer> {

  static final String WEIGHTS_PATH = "services/inference/src/main/resources/" + OnnxVerifier.WEIGHTS_RESOURCE;

  @Option(names = "--data", defaultValue = "../shared/data", description = "folder of the dev files (default: ${DEFAULT-VALUE})")
  Path data;

  @Option(names = "--out", defaultValue = WEIGHTS_PATH, description = "weight file to write (default: ${DEFAULT-VALUE})")
  Path out;

  @Option(names = "--max-pairs", defaultValue = "5000", description = "training pairs (default: ${DEFAULT-VALUE})")
  int maxPairs;

  @Option(names = "--reuters", defaultValue = "" + VerifierEval.DEFAULT_REUTERS, description = "Reuters articles read as source documents (default: ${DEFAULT-VALUE})")
  int reuters;

  @Option(names = "--seed", defaultValue = "17", description = "seed of the data, head and batch order (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--max-tokens", defaultValue = "128", description = "word pieces per pair (default: ${DEFAULT-VALUE})")
  int maxTokens;

  @Option(names = "--top-layers", defaultValue = "2", description = "top encoder layers that train, 1–6 (default: ${DEFAULT-VALUE})")
  int topLayers;

  @Option(names = "--epochs", defaultValue = "1", description = "passes over the pairs (default: ${DEFAULT-VALUE})")
  int epochs;

  @Option(names = "--rate", defaultValue = "2e-4", description = "Adam rate of the encoder layers; the new head learns 10× faster (default: ${DEFAULT-VALUE})")
  float rate;

  @Option(names = "--tiny", description = "a smoke run for CI: 48 pairs, 20 Reuters articles, 64 word pieces, the top layer only")
  boolean tiny;

  @Option(names = "--eval", description = "after training, print the held-out views with the new weights")
  boolean eval;

  @Override
  public Integer call() throws Exception {
    if (topLayers < 1 || topLayers > VerifierGraph.LAYERS) throw new IllegalArgumentException("--top-layers " + topLayers + ": use 1 to 6");
    int pairs = tiny ? 48 : maxPairs;
    int articles = tiny ? 20 : reuters;
    int tokens = tiny ? 64 : maxTokens;
    List<VerifierData.Document> docs = VerifierData.documents(data, articles);
    List<VerifierData.Labelled> train = VerifierData.trainingSet(docs, data, seed, pairs);
    System.err.printf(Locale.ROOT, "training on %d pairs from %d documents (held out: every document and question whose id hashes to the held-out fifth)%n",
        train.size(), docs.size());
    VerifierTrainer.Options d = VerifierTrainer.Options.DEFAULT;
    VerifierTrainer.Options options = new VerifierTrainer.Options(seed, VerifierGraph.LAYERS - (tiny ? 1 : topLayers), tokens, d.batchTokens(),
        rate, rate * 10, epochs);
    VerifierTrainer.Result result = new VerifierTrainer(options).train(train, System.err);
    if (out.getParent() != null) Files.createDirectories(out.getParent());
    try (OutputStream o = Files.newOutputStream(out)) {
      result.weights().write(o);
    }
    VerifierTrainer.Summary s = result.summary();
    System.out.printf(Locale.ROOT, "trained on %d pairs in %d steps, %.1f s; loss %.3f → %.3f; wrote %s (%d bytes)%n",
        s.pairs(), s.steps(), s.seconds(), s.firstLoss(), s.lastLoss(), out, Files.size(out));
    if (eval) {
      try (OnnxVerifier verifier = new OnnxVerifier(EncoderOptions.DEFAULT, result.weights())) {
        VerifierEval.report(verifier, data, articles, System.out);
      }
    }
    return 0;
  }
}
