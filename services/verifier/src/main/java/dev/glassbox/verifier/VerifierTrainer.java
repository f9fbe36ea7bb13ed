package dev.glassbox.verifier;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.glassbox.core.verify.Verifier;
import dev.glassbox.core.verify.VerifierLabel;
import dev.glassbox.inference.EncoderOptions;
import dev.glassbox.inference.FrozenLayers;
import dev.glassbox.inference.OnnxEncoder;
import dev.glassbox.inference.PaddedBatch;
import dev.glassbox.inference.PairTokenizer;
import dev.glassbox.inference.VerifierGraph;
import dev.glassbox.inference.VerifierWeights;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Trains the verifier: the base encoder's lower layers run once per batch on ONNX Runtime (frozen), the top layer(s)
 * and the head learn on DJL's PyTorch engine with Adam and cross-entropy over supported / contradicted / not enough
 * information, one pass over the pairs. Deterministic for a seed (data, head initialisation and batch order).
 */
public final class VerifierTrainer {

  static {
    if (System.getProperty("ai.djl.offline") == null) System.setProperty("ai.djl.offline", "true");
  }

  /**
   * @param firstTrainedLayer the lowest encoder layer that trains (5 = only the top one)
   * @param batchTokens word pieces per training step (rows × padded length)
   */
  public record Options(long seed, int firstTrainedLayer, int maxTokens, int batchTokens, float encoderRate, float headRate,
      int epochs) {
    public static final Options DEFAULT = new Options(17, 4, 128, 2048, 2e-4f, 2e-3f, 1);
  }

  /** What a run did: pairs seen, steps, seconds, mean loss of the first and last tenth of the steps. */
  public record Summary(int pairs, int steps, double seconds, double firstLoss, double lastLoss) {}

  private final Options options;

  public VerifierTrainer(Options options) {
    this.options = options;
  }

  /** Trains on {@code pairs} and returns the weight file to ship. */
  public Result train(List<VerifierData.Labelled> pairs, PrintStream log) throws IOException {
    return train(pairs, List.of(), log);
  }

  /** As {@link #train(List, PrintStream)}, also giving the trained model's logits for {@code probes}. */
  public Result train(List<VerifierData.Labelled> pairs, List<Verifier.Pair> probes, PrintStream log) throws IOException {
    long start = System.nanoTime();
    byte[] base = VerifierGraph.baseBytes();
    Engine engine = Engine.getEngine("PyTorch");
    engine.setRandomSeed((int) options.seed());
    List<Double> losses = new ArrayList<>();
    try (NDManager manager = engine.newBaseManager();
        PairTokenizer tokenizer = new PairTokenizer(options.maxTokens());
        FrozenLayers frozen = new FrozenLayers(options.firstTrainedLayer() - 1, EncoderOptions.DEFAULT)) {
      TopModel model = new TopModel(manager, base, options.firstTrainedLayer(), options.seed());
      Adam adam = new Adam(model.parameters, options.encoderRate(), options.headRate());
      List<OnnxEncoder.Tokenized> tokens = tokenizer.encode(pairs.stream().map(VerifierData.Labelled::pair).toList());
      int[] lengths = tokens.stream().mapToInt(t -> t.ids().length).toArray();
      Random random = new Random(options.seed());
      for (int epoch = 0; epoch < options.epochs(); epoch++) {
        List<List<Integer>> batches = new ArrayList<>(OnnxEncoder.buckets(lengths, options.batchTokens()));
        Collections.shuffle(batches, random);
        for (List<Integer> rows : batches) {
          losses.add(step(manager, model, adam, frozen, PaddedBatch.of(tokens, rows), labels(pairs, rows)));
          if (losses.size() % 25 == 0) log.printf("step %d: mean loss of the last 25 %.4f%n", losses.size(), mean(losses, losses.size() - 25, losses.size()));
        }
      }
      Map<String, String> settings = Map.of("base", VerifierGraph.BASE_NAME, "firstTrainedLayer",
          Integer.toString(options.firstTrainedLayer()), "maxTokens", Integer.toString(options.maxTokens()),
          "seed", Long.toString(options.seed()), "pairs", Integer.toString(pairs.size()), "version", "1");
      int tenth = Math.max(1, losses.size() / 10);
      Summary summary = new Summary(pairs.size(), losses.size(), (System.nanoTime() - start) / 1e9,
          mean(losses, 0, tenth), mean(losses, losses.size() - tenth, losses.size()));
      return new Result(new VerifierWeights(settings, model.tensors()), summary, logits(manager, model, frozen, tokenizer, probes));
    }
  }

  /** The trained weights, how training went, and the trained DJL model's logits for the probe pairs, one at a time. */
  public record Result(VerifierWeights weights, Summary summary, float[][] probeLogits) {}

  private static float[][] logits(NDManager manager, TopModel model, FrozenLayers frozen, PairTokenizer tokenizer,
      List<Verifier.Pair> probes) {
    List<OnnxEncoder.Tokenized> tokens = tokenizer.encode(probes);
    float[][] out = new float[probes.size()][];
    for (int i = 0; i < out.length; i++) {
      PaddedBatch one = PaddedBatch.of(tokens, List.of(i));
      try (NDManager sub = manager.newSubManager()) {
        NDArray x = sub.create(frozen.hidden(one), new Shape(1, one.len(), VerifierGraph.HIDDEN));
        NDArray mask = sub.create(toFloat(one.mask()), new Shape(1, one.len()));
        out[i] = model.forward(x, mask).toFloatArray();
      }
    }
    return out;
  }

  private static int[] labels(List<VerifierData.Labelled> pairs, List<Integer> rows) {
    int[] out = new int[rows.size()];
    for (int r = 0; r < out.length; r++) out[r] = pairs.get(rows.get(r)).label().index();
    return out;
  }

  private static double step(NDManager manager, TopModel model, Adam adam, FrozenLayers frozen, PaddedBatch batch, int[] labels) {
    float[] hidden = frozen.hidden(batch);
    try (NDManager sub = manager.newSubManager()) {
      NDArray x = sub.create(hidden, new Shape(batch.rows(), batch.len(), VerifierGraph.HIDDEN));
      NDArray mask = sub.create(toFloat(batch.mask()), new Shape(batch.rows(), batch.len()));
      float[] oneHot = new float[labels.length * 3];
      for (int r = 0; r < labels.length; r++) oneHot[r * 3 + labels[r]] = 1;
      NDArray target = sub.create(oneHot, new Shape(labels.length, 3));
      double loss;
      try (GradientCollector gc = manager.getEngine().newGradientCollector()) {
        NDArray logits = model.forward(x, mask);
        NDArray l = logits.logSoftmax(1).mul(target).sum().neg().div(labels.length);
        gc.backward(l);
        loss = l.getFloat();
      }
      adam.update();
      return loss;
    }
  }

  static float[] toFloat(long[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < out.length; i++) out[i] = values[i];
    return out;
  }

  private static double mean(List<Double> xs, int from, int to) {
    double s = 0;
    for (int i = Math.max(0, from); i < to; i++) s += xs.get(i);
    return to > Math.max(0, from) ? s / (to - Math.max(0, from)) : Double.NaN;
  }

  /** The labels of {@link VerifierLabel} in output order, for reports. */
  static List<String> labelIds() {
    return java.util.Arrays.stream(VerifierLabel.values()).map(VerifierLabel::id).toList();
  }
}
