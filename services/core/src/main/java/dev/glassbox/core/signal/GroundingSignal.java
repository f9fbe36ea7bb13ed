package dev.glassbox.core.signal;

import static dev.glassbox.core.signal.Vectors.round;

import dev.glassbox.core.explain.Explanation.GroundedSentence;
import dev.glassbox.core.explain.Explanation.Grounding;
import dev.glassbox.core.text.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Grounding by sentence vectors: each response sentence's support is its best cosine similarity to any
 * source segment (a sentence of a context passage, or of a prompt message when no context was logged),
 * and the call's score is the mean support over its sentences.
 */
public final class GroundingSignal {

  private GroundingSignal() {}

  /**
   * One piece of source text that may support a response sentence.
   *
   * @param source {@code context:<id>} or {@code prompt:<index>}
   * @param span offsets of the segment inside its passage or message
   */
  public record Source(String source, Span span, float[] vector) {}

  public static Grounding compute(List<Span> sentences, List<float[]> sentenceVectors, List<Source> sources,
      String against) {
    if (sources.isEmpty() || sentences.isEmpty()) return null;
    List<GroundedSentence> out = new ArrayList<>(sentences.size());
    double sum = 0;
    for (int i = 0; i < sentences.size(); i++) {
      Source best = null;
      double bestSim = -1;
      for (Source s : sources) {
        double sim = Vectors.dot(sentenceVectors.get(i), s.vector());
        if (sim > bestSim) {
          bestSim = sim;
          best = s;
        }
      }
      double support = Vectors.clamp01(bestSim);
      sum += support;
      Span span = sentences.get(i);
      out.add(new GroundedSentence(span.start(), span.end(), round(support), best.source(), best.span().start(),
          best.span().end(), reason(support, best.source())));
    }
    return new Grounding(round(sum / sentences.size()), against, out);
  }

  static String reason(double support, String source) {
    String level = support >= 0.7 ? "well supported" : support >= 0.5 ? "partly supported" : "not supported";
    return String.format(Locale.ROOT, "%s by %s (similarity %.2f)", level, source, support);
  }
}
