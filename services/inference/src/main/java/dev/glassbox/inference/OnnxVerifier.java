package dev.glassbox.inference;

import ai.djl.engine.Engine;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.glassbox.core.verify.Verdict;
import dev.glassbox.core.verify.Verifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.LongBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Glassbox's verifier on ONNX Runtime: the Maven-provided fp32 MiniLM with the committed trained layer and head merged
 * in at load ({@link VerifierGraph#merged}); pairs are sorted by length and packed into padded passes under a token
 * budget, on the device the encoder options name. Offline and thread-safe.
 */
public final class OnnxVerifier implements Verifier {

  /** Classpath resource of the committed trained parameters. */
  public static final String WEIGHTS_RESOURCE = "verifier/glassbox-verifier.gbv";
  /** Word pieces (rows × padded length) per pass; fp32 on a CPU runs best in mid-sized passes. */
  static final int BATCH_TOKENS = 2048;

  private final OrtSession session;
  private final PairTokenizer tokenizer;
  private final String modelName;

  /** The committed verifier, on the device and threads of {@code options}. */
  public OnnxVerifier(EncoderOptions options) {
    this(options, committedWeights());
  }

  public OnnxVerifier(EncoderOptions options, VerifierWeights weights) {
    Engine.getEngine("OnnxRuntime"); // DJL must set ONNX Runtime up before any bare OrtEnvironment use
    try {
      byte[] graph = VerifierGraph.merged(VerifierGraph.baseBytes(), weights);
      session = OrtEnvironment.getEnvironment().createSession(graph, SessionSettings.of(options));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the verifier's base model from the classpath", e);
    } catch (OrtException e) {
      throw new IllegalStateException("cannot load the verifier model: " + e.getMessage(), e);
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
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    long[] shape = {batch.rows(), batch.len()};
    try (OnnxTensor ids = OnnxTensor.createTensor(env, LongBuffer.wrap(batch.ids()), shape);
        OnnxTensor mask = OnnxTensor.createTensor(env, LongBuffer.wrap(batch.mask()), shape);
        OnnxTensor types = OnnxTensor.createTensor(env, LongBuffer.wrap(batch.types()), shape);
        OrtSession.Result result = session.run(Map.of("input_ids", ids, "attention_mask", mask, "token_type_ids", types),
            Set.of(VerifierGraph.LOGITS))) {
      return (float[][]) result.get(0).getValue();
    } catch (OrtException e) {
      throw new IllegalStateException("verifier pass failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      // closing at shutdown: nothing left to do
    }
    tokenizer.close();
  }
}
