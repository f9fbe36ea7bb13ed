package dev.glassbox.core.encode;

import dev.glassbox.core.text.Span;
import java.util.List;

/**
 * An encoder that can also show its self-attention over a pair of texts read together (the survey's
 * attention-based explanation; a view of the surrogate, not of the LLM).
 */
public interface AttentionEncoder extends Encoder {

  /**
   * The attention of the joint input {@code [CLS] first [SEP] second [SEP]}.
   *
   * @param layers per layer, the attention averaged over heads: {@code layers[l][i][j]} is how much token i attends
   *     to token j (rows sum to 1)
   * @param part per token: 0 a special token, 1 a token of {@code first}, 2 a token of {@code second}
   * @param spans per token, its characters in its own text (empty for special tokens)
   */
  record Joint(float[][][] layers, int[] part, List<Span> spans) {}

  /** Both texts are truncated to fit the model's input together. */
  Joint attend(String first, String second);
}
