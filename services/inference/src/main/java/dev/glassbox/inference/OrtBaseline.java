package dev.glassbox.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The limit the encoder is measured against (by {@code glassbox bench}): the same ONNX graph in a bare
 * {@link OrtSession} with the same session options, fed batches tokenised, bucketed and padded beforehand, so that a
 * timed run is nothing but tensor creation and {@code session.run}. Here rather than in the bench so that ONNX Runtime
 * types stay inside this module.
 */
public final class OrtBaseline implements AutoCloseable {

  private final OrtEnvironment env;
  private final OrtSession session;
  private final OnnxEncoder encoder;
  private final EncoderOptions options;

  /**
   * A bare session on the encoder's model file with the encoder's session options; texts are tokenised by the
   * encoder itself, outside the timed part. Call after the encoder exists: DJL's engine sets up ONNX Runtime first.
   */
  public OrtBaseline(OnnxEncoder encoder, EncoderOptions options) throws IOException {
    this.encoder = encoder;
    this.options = options;
    env = OrtEnvironment.getEnvironment();
    try {
      session = env.createSession(OnnxEncoder.modelBytes(), SessionSettings.of(options));
    } catch (OrtException e) {
      throw new IllegalStateException("cannot load the bare ONNX Runtime session: " + e.getMessage(), e);
    }
  }

  /** Word-piece counts of the texts, with the same tokenizer settings as the encoder. */
  public int[] tokenLengths(List<String> texts) {
    return encoder.tokenize(texts).stream().mapToInt(t -> t.ids().length).toArray();
  }

  /** Tokenises each chunk (one encoder call's texts) and cuts it into the encoder's padded length buckets. */
  public List<PaddedBatch> prepare(List<List<String>> chunks) {
    List<PaddedBatch> out = new ArrayList<>();
    for (List<String> chunk : chunks) {
      if (chunk.isEmpty()) continue;
      List<OnnxEncoder.Tokenized> enc = encoder.tokenize(chunk);
      int[] lengths = enc.stream().mapToInt(t -> t.ids().length).toArray();
      for (List<Integer> rows : OnnxEncoder.buckets(lengths, options.batchTokens())) out.add(PaddedBatch.of(enc, rows));
    }
    return out;
  }

  /** Runs every prepared batch once; returns the elapsed nanoseconds. */
  public long run(List<PaddedBatch> batches) {
    long start = System.nanoTime();
    for (PaddedBatch p : batches) {
      long[] shape = {p.rows(), p.len()};
      Map<String, OnnxTensor> inputs = new HashMap<>();
      try {
        inputs.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(p.ids()), shape));
        inputs.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(p.mask()), shape));
        if (session.getInputNames().contains("token_type_ids")) {
          inputs.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(p.types()), shape));
        }
        try (OrtSession.Result r = session.run(inputs)) {
          // The encoder copies the hidden states out; so does the limit, to compare like with like.
          ((OnnxTensor) r.get(0)).getFloatBuffer();
        }
      } catch (OrtException e) {
        throw new IllegalStateException("bare ONNX Runtime pass failed: " + e.getMessage(), e);
      } finally {
        for (OnnxTensor t : inputs.values()) t.close();
      }
    }
    return System.nanoTime() - start;
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      // closing at the end of a bench run: nothing left to do
    }
  }
}
