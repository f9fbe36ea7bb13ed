package dev.glassbox.core.explain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The distinct texts that one encoder pass must embed; repeated texts are embedded once. */
final class TextBatch {

  private final List<String> texts = new ArrayList<>();
  private final Map<String, Integer> index = new HashMap<>();

  /** Adds a text (once) and returns its row in the encoder output. */
  int add(String text) {
    return index.computeIfAbsent(text, t -> {
      texts.add(t);
      return texts.size() - 1;
    });
  }

  List<String> texts() {
    return texts;
  }
}
