package dev.glassbox.core.drift;

import dev.glassbox.core.encode.Encoder;
import java.util.ArrayList;
import java.util.List;

/** Turns declared concepts into directions with the surrogate encoder, in one encoder batch. */
public final class Concepts {

  private Concepts() {}

  public static List<ConceptVector> embed(List<Concept> concepts, Encoder encoder) {
    List<String> texts = new ArrayList<>();
    for (Concept c : concepts) {
      texts.addAll(c.examples());
      texts.addAll(c.counterExamples());
    }
    if (texts.isEmpty()) return List.of();
    float[][] vs = encoder.embed(texts);
    List<ConceptVector> out = new ArrayList<>();
    int at = 0;
    for (Concept c : concepts) {
      float[][] ex = java.util.Arrays.copyOfRange(vs, at, at + c.examples().size());
      at += c.examples().size();
      float[][] counter = java.util.Arrays.copyOfRange(vs, at, at + c.counterExamples().size());
      at += c.counterExamples().size();
      out.add(ConceptVector.of(c, ex, counter));
    }
    return out;
  }
}
