package dev.glassbox.inference;

import dev.glassbox.core.verify.Verdict;
import dev.glassbox.core.verify.Verifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Glassbox's verifier on ONNX Runtime: the Maven-provided fp32 MiniLM with the committed trained layer and head merged
 * in at load ({@link VerifierGraph#merged}); pairs are sorted by length and packed into padded passes under a token
 * budget, on the device the encoder options name. Offline and thread-safe.
 */
public final class OnnxVerifier implements Verifier {

  /** Classpath resource of the committed trained parameters. */
  public static final String WEIGHTS_RESOURCE = "models/verifier/glassbox-verifier.gbv";
  /** Word pieces (rows × padded length) per pass; fp32 on a CPU runs best in mid-sized passes. */
  static final int BATCH_TOKENS = 2048;

  private final GraphSession session;
  private final PairTokenizer tokenizer;
  private final String modelName;

  /** The committed verifier, on the device and threads of {@code options}. */
  public OnnxVerifier(EncoderOptions options) {
    this(options, committedWeights());
  }

  public OnnxVerifier(EncoderOptions options, VerifierWeights weights) {
    try {
      session = new GraphSession(VerifierGraph.merged(VerifierGraph.baseBytes(), weights), VerifierGraph.LOGITS, options);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the verifier's base model from the classpath", e);
    }
    tokenizer = new PairTokenizer(Integer.parseInt(weights.settings().getOrDefault("maxTokens", "128")));
    modelName = "glassbox-verifier-" + weights.settings().getOrDefault("version", "0");
  }

  /** The trained parameters shipped in this jar. */
  public static VerifierWeights committedWeights() {
    try (InputStream in = OnnxVerifier.class.getClassLoader().getResourceAsStream(WEIGHTS_RESOURCE)) {
      if (in == null) throw new IOException(WEIGHTS_RESOURCE + " is not on the classpath");
      return VerifierWeights.read(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the verifier weights", e);
    }
  }

  @Override
  public String modelName() {
    return modelName;
  }

  @Override
  public List<Verdict> verify(List<Pair> pairs) {
    Verdict[] out = new Verdict[pairs.size()];
    float[][] logits = logits(pairs);
    for (int i = 0; i < out.length; i++) out[i] = Verdict.ofLogits(logits[i], 0);
    return List.of(out);
  }

  /** The three raw logits of each pair, in input order (tests compare them with the trained model's). */
  public float[][] logits(List<Pair> pairs) {
    List<OnnxEncoder.Tokenized> tokens = tokenizer.encode(pairs);
    int[] lengths = new int[tokens.size()];
    for (int i = 0; i < lengths.length; i++) lengths[i] = tokens.get(i).ids().length;
    float[][] out = new float[tokens.size()][];
    for (List<Integer> rows : OnnxEncoder.buckets(lengths, BATCH_TOKENS)) {
      PaddedBatch batch = PaddedBatch.of(tokens, rows);
      float[][] batchLogits = run(batch);
      for (int r = 0; r < rows.size(); r++) out[rows.get(r)] = batchLogits[r];
    }
    return out;
  }

  private float[][] run(PaddedBatch batch) {
    return session.run(batch, value -> {
      try {
        return (float[][]) value.getValue();
      } catch (ai.onnxruntime.OrtException e) {
        throw new IllegalStateException("cannot read the verifier's logits: " + e.getMessage(), e);
      }
    });
  }

  @Override
  public void close() {
    session.close();
    tokenizer.close();
  }
}
