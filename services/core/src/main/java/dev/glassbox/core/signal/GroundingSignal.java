package dev.glassbox.core.signal;

import static dev.glassbox.core.signal.Vectors.round;

import dev.glassbox.core.encode.Encoder.Encoded;
import dev.glassbox.core.explanation.Against;
import dev.glassbox.core.explanation.Explanation.GroundedSentence;
import dev.glassbox.core.explanation.Explanation.Grounding;
import dev.glassbox.core.explanation.SourceRef;
import dev.glassbox.core.text.Span;
import dev.glassbox.core.text.Words;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Grounding of each response sentence in the source texts (context passages, or prompt messages when
 * no context was logged), from two views: meaning (best sentence-vector cosine to any source segment)
 * and wording (the share of its content words found in no source, and how much of it is quoted
 * verbatim; names and numbers found in no source are listed), plus the BERTScore-style alignment of
 * its contextual token vectors with the sources'. Support is the wording view; the call's score is the
 * mean support over its sentences. The hallucination score weighs all of these views with the learned
 * model ({@link HallucinationCombiner}).
 */
public final class GroundingSignal {

  /**
   * Weight of "not quoted": 1 minus the longest verbatim word run shared with a source, as a share of
   * the sentence. It breaks the ties among sentences whose words all occur in the sources but not
   * together (a fact stitched from unrelated words); small, so that novelty dominates.
   */
  static final double UNQUOTED_WEIGHT = 0.1;

  private GroundingSignal() {}

  /** Support by wording alone: few content words missing from the sources, and much of it quoted. */
  public static double wording(double novelty, double quoted) {
    return 1 - (novelty + UNQUOTED_WEIGHT * (1 - quoted)) / (1 + UNQUOTED_WEIGHT);
  }

  /**
   * One piece of source text that may support a response sentence.
   *
   * @param source the passage or message the segment is part of
   * @param span offsets of the segment inside its passage or message
   */
  public record Source(SourceRef source, Span span, Encoded encoded) {}

  /**
   * @param response the response text the sentence spans point into
   * @param sourceTexts the whole source texts (passages or prompt messages)
   */
  public static Grounding compute(String response, List<Span> sentences, List<Encoded> sentenceVectors,
      List<Source> sources, List<String> sourceTexts, Against against) {
    Set<String> vocabulary = Words.vocabulary(sourceTexts);
    if (sources.isEmpty() || sentences.isEmpty()) return null;
    List<GroundedSentence> out = new ArrayList<>(sentences.size());
    double sum = 0;
    double[] sims = new double[sources.size()];
    for (int i = 0; i < sentences.size(); i++) {
      Source best = null;
      double bestSim = -1;
      for (int k = 0; k < sources.size(); k++) {
        Source s = sources.get(k);
        sims[k] = Vectors.dot(sentenceVectors.get(i).vector(), s.encoded().vector());
        if (sims[k] > bestSim) {
          bestSim = sims[k];
          best = s;
        }
      }
      Span span = sentences.get(i);
      String text = span.of(response);
      double similarity = Vectors.clamp01(bestSim);
      double novelty = Words.novelty(text, vocabulary);
      List<String> terms = Words.unsupportedTerms(text, vocabulary);
      double quoted = Words.longestSharedRun(text, sourceTexts);
      // Support is wording alone: whole-sentence vectors favour long restatements over short exact answers
      // (on the HaluEval dev split they rank hallucinations backwards, AUROC 0.28, and even a weight of 0.1
      // in support costs 0.03 AUROC); the vectors still pick the source.
      double support = wording(novelty, quoted);
      double aligned = i < TokenAlignment.MAX_SENTENCES
          ? TokenAlignment.precision(sentenceVectors.get(i), closest(sources, sims, TokenAlignment.MAX_SEGMENTS))
          : Double.NaN;
      sum += support;
      out.add(new GroundedSentence(span.start(), span.end(), round(support), best.source().format(), best.span().start(),
          best.span().end(), round(similarity), round(novelty), round(quoted), terms,
          Double.isNaN(aligned) ? null : round(aligned), reason(support, novelty, terms, best.source().format(), similarity)));
    }
    return new Grounding(round(sum / sentences.size()), against.id(), out);
  }

  /** The {@code k} sources most similar to the sentence (by {@code sims}), as encoded texts. */
  static List<Encoded> closest(List<Source> sources, double[] sims, int k) {
    if (sources.size() <= k) return sources.stream().map(Source::encoded).toList();
    Integer[] order = new Integer[sources.size()];
    for (int j = 0; j < order.length; j++) order[j] = j;
    java.util.Arrays.sort(order, (a, b) -> Double.compare(sims[b], sims[a]));
    List<Encoded> out = new ArrayList<>(k);
    for (int j = 0; j < k; j++) out.add(sources.get(order[j]).encoded());
    return out;
  }

  static String reason(double support, double novelty, List<String> terms, String source, double similarity) {
    String level = support >= 0.7 ? "well supported" : support >= 0.5 ? "partly supported" : "not supported";
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
        "%s: closest is %s (similarity %.2f); %.0f%% of its content words appear in no source", level, source,
        similarity, novelty * 100));
    if (!terms.isEmpty()) {
      sb.append("; absent from the sources: ").append(String.join(", ", terms.subList(0, Math.min(5, terms.size()))));
    }
    return sb.toString();
  }
}
