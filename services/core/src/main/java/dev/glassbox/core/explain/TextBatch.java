package dev.glassbox.core.explain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The distinct texts that one encoder pass must embed; repeated texts are embedded once. */
final class TextBatch {

  private final List<String> texts = new ArrayList<>();
  private final List<Boolean> withTokens = new ArrayList<>();
  private final Map<String, Integer> index = new HashMap<>();

  /** Adds a text (once) and returns its row in the encoder output. */
  int add(String text) {
    return index.computeIfAbsent(text, t -> {
      texts.add(t);
      withTokens.add(false);
      return texts.size() - 1;
    });
  }

  /** Adds a text whose token vectors a signal aligns (once) and returns its row. */
  int addWithTokens(String text) {
    int row = add(text);
    withTokens.set(row, true);
    return row;
  }

  List<String> texts() {
    return texts;
  }

  /** Per row, whether its token vectors are needed. */
  boolean[] withTokens() {
    boolean[] out = new boolean[withTokens.size()];
    for (int i = 0; i < out.length; i++) out[i] = withTokens.get(i);
    return out;
  }
}
