package dev.glassbox.bench;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.glassbox.inference.EncoderOptions;
import dev.glassbox.inference.OnnxEncoder;
import java.io.IOException;
import java.io.InputStream;
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
  private final HuggingFaceTokenizer tokenizer;
  private final EncoderOptions options;

  /** Call after an {@link OnnxEncoder} exists: DJL's engine must set up ONNX Runtime first. */
  OrtBaseline(EncoderOptions options) throws IOException, OrtException {
    this.options = options;
    env = OrtEnvironment.getEnvironment();
    OrtSession.SessionOptions so = new OrtSession.SessionOptions();
    if (options.intraOpThreads() > 0) so.setIntraOpNumThreads(options.intraOpThreads());
    so.setInterOpNumThreads(1);
    so.addConfigEntry("session.intra_op.allow_spinning", options.spinning() ? "1" : "0");
    so.addConfigEntry("session.inter_op.allow_spinning", options.spinning() ? "1" : "0");
    session = env.createSession(resource(OnnxEncoder.MODEL_RESOURCE), so);
    try (InputStream in = OnnxEncoder.class.getClassLoader().getResourceAsStream(OnnxEncoder.TOKENIZER_RESOURCE)) {
      if (in == null) throw new IOException(OnnxEncoder.TOKENIZER_RESOURCE + " is not on the classpath");
      tokenizer = HuggingFaceTokenizer.newInstance(in, Map.of("maxLength", Integer.toString(options.maxTokens()),
          "truncation", "true", "padding", "false"));
    }
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = OnnxEncoder.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) throw new IOException(name + " is not on the classpath");
      return in.readAllBytes();
    }
  }

  /** Word-piece counts of the texts, with the same tokenizer settings as the encoder. */
  int[] tokenLengths(List<String> texts) {
    Encoding[] enc = tokenizer.batchEncode(texts, true, false);
    int[] out = new int[enc.length];
    for (int i = 0; i < enc.length; i++) out[i] = enc[i].getIds().length;
    return out;
  }

  /** Tokenises each chunk (one encoder call's texts) and cuts it into the encoder's padded length buckets. */
  List<Prepared> prepare(List<List<String>> chunks) {
    List<Prepared> out = new ArrayList<>();
    for (List<String> chunk : chunks) {
      if (chunk.isEmpty()) continue;
      Encoding[] enc = tokenizer.batchEncode(chunk, true, false);
      int[] lengths = new int[enc.length];
      for (int i = 0; i < enc.length; i++) lengths[i] = enc[i].getIds().length;
      for (List<Integer> rows : OnnxEncoder.buckets(lengths, options.batchTokens())) {
        int len = 0;
        for (int r : rows) len = Math.max(len, lengths[r]);
        int b = rows.size();
        long[] ids = new long[b * len];
        long[] mask = new long[b * len];
        long[] types = new long[b * len];
        for (int k = 0; k < b; k++) {
          Encoding e = enc[rows.get(k)];
          System.arraycopy(e.getIds(), 0, ids, k * len, e.getIds().length);
          System.arraycopy(e.getAttentionMask(), 0, mask, k * len, e.getAttentionMask().length);
          System.arraycopy(e.getTypeIds(), 0, types, k * len, e.getTypeIds().length);
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
    tokenizer.close();
  }
}
