package dev.glassbox.inference;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.glassbox.core.encode.AttentionEncoder;
import dev.glassbox.core.text.Span;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The bundled encoder with its six attention softmaxes ({@code /encoder/layer.N/attention/self/Softmax}) added as
 * graph outputs when the model is loaded, run on a pair of texts. A second ONNX Runtime session beside the one that
 * embeds; it is made only when attention is first asked for.
 */
final class OnnxAttention implements AutoCloseable {

  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final OrtSession session;
  private final List<String> softmaxes;
  private final HuggingFaceTokenizer tokenizer;

  OnnxAttention(InputStream model, HuggingFaceTokenizer tokenizer, EncoderOptions options) throws IOException, OrtException {
    OnnxGraph.Patched patched = OnnxGraph.exposeOutputsOf(model.readAllBytes(), "Softmax");
    if (patched.outputs().isEmpty()) throw new IllegalStateException("the encoder model has no Softmax nodes");
    this.softmaxes = patched.outputs();
    this.tokenizer = tokenizer;
    OrtSession.SessionOptions so = SessionSettings.of(options);
    this.session = env.createSession(patched.model(), so);
  }

  /** Layer names in order, e.g. for a log line. */
  List<String> layers() {
    return softmaxes;
  }

  AttentionEncoder.Joint attend(String first, String second) {
    Encoding e = tokenizer.encode(first, second, true, false);
    long[] ids = e.getIds();
    int n = ids.length;
    long[] seq = e.getSequenceIds();
    long[] special = e.getSpecialTokenMask();
    CharSpan[] spans = e.getCharTokenSpans();
    int[] part = new int[n];
    List<Span> tokenSpans = new ArrayList<>(n);
    for (int t = 0; t < n; t++) {
      boolean isSpecial = special[t] == 1 || spans[t] == null;
      part[t] = isSpecial ? 0 : (int) seq[t] + 1;
      tokenSpans.add(isSpecial ? new Span(0, 0) : new Span(spans[t].getStart(), spans[t].getEnd()));
    }
    float[][][] layers = new float[softmaxes.size()][][];
    try (OnnxTensor inputIds = OnnxTensor.createTensor(env, new long[][] {ids});
        OnnxTensor mask = OnnxTensor.createTensor(env, new long[][] {e.getAttentionMask()});
        OnnxTensor types = OnnxTensor.createTensor(env, new long[][] {e.getTypeIds()});
        OrtSession.Result result = session.run(Map.of("input_ids", inputIds, "attention_mask", mask,
            "token_type_ids", types), new java.util.LinkedHashSet<>(softmaxes))) {
      for (int l = 0; l < softmaxes.size(); l++) {
        OnnxValue v = result.get(softmaxes.get(l)).orElseThrow();
        float[][][][] heads = (float[][][][]) v.getValue(); // [batch 1][heads][n][n]
        layers[l] = meanOverHeads(heads[0], n);
      }
    } catch (OrtException ex) {
      throw new IllegalStateException("attention pass failed: " + ex.getMessage(), ex);
    }
    return new AttentionEncoder.Joint(layers, part, tokenSpans);
  }

  private static float[][] meanOverHeads(float[][][] heads, int n) {
    float[][] mean = new float[n][n];
    for (float[][] h : heads) {
      for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) mean[i][j] += h[i][j] / heads.length;
    }
    return mean;
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      // closing at shutdown: nothing left to do
    }
  }
}
