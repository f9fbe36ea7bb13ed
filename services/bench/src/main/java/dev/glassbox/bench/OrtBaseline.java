package dev.glassbox.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.glassbox.inference.EncoderOptions;
import dev.glassbox.inference.OnnxEncoder;
import dev.glassbox.inference.SessionSettings;
import java.io.IOException;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The limit the encoder is measured against: the same ONNX graph in a bare {@link OrtSession} with the
 * same session options, fed batches tokenised, bucketed and padded beforehand, so that a timed run is
 * nothing but tensor creation and {@code session.run}.
 */
final class OrtBaseline implements AutoCloseable {

  /** One padded forward pass, ready to run. */
  record Prepared(long[] ids, long[] mask, long[] types, int rows, int len) {}

  private final OrtEnvironment env;
  private final OrtSession session;
  private final OnnxEncoder encoder;
  private final EncoderOptions options;

  /**
   * A bare session on the encoder's model file with the encoder's session options; texts are tokenised by the
   * encoder itself, outside the timed part. Call after the encoder exists: DJL's engine sets up ONNX Runtime first.
   */
  OrtBaseline(OnnxEncoder encoder, EncoderOptions options) throws IOException, OrtException {
    this.encoder = encoder;
    this.options = options;
    env = OrtEnvironment.getEnvironment();
    session = env.createSession(OnnxEncoder.modelBytes(), SessionSettings.of(options));
  }

  /** Word-piece counts of the texts, with the same tokenizer settings as the encoder. */
  int[] tokenLengths(List<String> texts) {
    return encoder.tokenize(texts).stream().mapToInt(t -> t.ids().length).toArray();
  }

  /** Tokenises each chunk (one encoder call's texts) and cuts it into the encoder's padded length buckets. */
  List<Prepared> prepare(List<List<String>> chunks) {
    List<Prepared> out = new ArrayList<>();
    for (List<String> chunk : chunks) {
      if (chunk.isEmpty()) continue;
      List<OnnxEncoder.Tokenized> enc = encoder.tokenize(chunk);
      int[] lengths = enc.stream().mapToInt(t -> t.ids().length).toArray();
      for (List<Integer> rows : OnnxEncoder.buckets(lengths, options.batchTokens())) {
        int len = 0;
        for (int r : rows) len = Math.max(len, lengths[r]);
        int b = rows.size();
        long[] ids = new long[b * len];
        long[] mask = new long[b * len];
        long[] types = new long[b * len];
        for (int k = 0; k < b; k++) {
          OnnxEncoder.Tokenized t = enc.get(rows.get(k));
          System.arraycopy(t.ids(), 0, ids, k * len, t.ids().length);
          System.arraycopy(t.mask(), 0, mask, k * len, t.mask().length);
          System.arraycopy(t.types(), 0, types, k * len, t.types().length);
        }
        out.add(new Prepared(ids, mask, types, b, len));
      }
    }
    return out;
  }

  /** Runs every prepared batch once; returns the elapsed nanoseconds. */
  long run(List<Prepared> batches) throws OrtException {
    long start = System.nanoTime();
    for (Prepared p : batches) {
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
      } finally {
        for (OnnxTensor t : inputs.values()) t.close();
      }
    }
    return System.nanoTime() - start;
  }

  @Override
  public void close() throws OrtException {
    session.close();
  }
}
