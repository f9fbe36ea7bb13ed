package dev.glassbox.inference;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import dev.glassbox.core.encode.AttentionEncoder;
import dev.glassbox.core.text.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * A pair of texts read together ({@code [CLS] first [SEP] second [SEP]}) and the engine's attention over it, averaged
 * over heads, with each token's text and characters. Engine-free: the softmaxes come from {@link EncoderEngine}.
 */
final class PairAttention {

  private PairAttention() {}

  static AttentionEncoder.Joint attend(HuggingFaceTokenizer tokenizer, EncoderEngine engine, String first, String second) {
    Encoding e = tokenizer.encode(first, second, true, false);
    int n = e.getIds().length;
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
    float[][][][] heads = engine.attentionHeads(PaddedBatch.single(e.getIds(), e.getAttentionMask(), e.getTypeIds()));
    float[][][] layers = new float[heads.length][][];
    for (int l = 0; l < heads.length; l++) layers[l] = meanOverHeads(heads[l], n);
    return new AttentionEncoder.Joint(layers, part, tokenSpans);
  }

  private static float[][] meanOverHeads(float[][][] heads, int n) {
    float[][] mean = new float[n][n];
    for (float[][] h : heads) {
      for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) mean[i][j] += h[i][j] / heads.length;
    }
    return mean;
  }
}
