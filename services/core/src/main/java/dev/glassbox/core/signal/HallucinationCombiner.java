package dev.glassbox.core.signal;

import static dev.glassbox.core.signal.Vectors.round;

import dev.glassbox.core.explain.Explanation.Consistency;
import dev.glassbox.core.explain.Explanation.GroundedSentence;
import dev.glassbox.core.explain.Explanation.Grounding;
import dev.glassbox.core.explain.Explanation.Hallucination;
import dev.glassbox.core.explain.Explanation.SentenceRisk;
import dev.glassbox.core.explain.Explanation.SentenceScore;
import dev.glassbox.core.explain.Explanation.SentenceUncertainty;
import dev.glassbox.core.explain.Explanation.Uncertainty;
import dev.glassbox.core.text.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Combines whatever signals a call has into one hallucination risk per sentence and per call. Each
 * available signal gives a risk in [0,1]; a sentence's score is their weighted mean and the call's is
 * the mean over its sentences, so a longer response is not riskier merely for having more sentences.
 * Grounding against the prompt (no context logged) is weak evidence: it counts only when the call
 * has no samples and no log-probabilities.
 */
public final class HallucinationCombiner {

  static final double CONTEXT_WEIGHT = 1.0;
  static final double PROMPT_WEIGHT = 1.0;
  static final double SAMPLES_WEIGHT = 1.0;
  static final double LOGPROBS_WEIGHT = 1.0;
  /** Support at which grounding risk is one half; the slope makes 0.3 risky and 0.7 safe. */
  static final double SUPPORT_MIDPOINT = 0.5;
  static final double SUPPORT_SLOPE = 10;

  private HallucinationCombiner() {}

  public static Hallucination combine(List<Span> sentences, Grounding grounding, Consistency consistency,
      Uncertainty uncertainty, double threshold) {
    List<SentenceRisk> risks = new ArrayList<>(sentences.size());
    double sum = 0;
    for (int i = 0; i < sentences.size(); i++) {
      Span span = sentences.get(i);
      double weighted = 0, weights = 0;
      List<String> reasons = new ArrayList<>();
      if (grounding != null) {
        GroundedSentence g = grounding.sentences().get(i);
        double risk = groundingRisk(g.support());
        boolean otherEvidence = consistency != null || uncertainty != null;
        double w = "context".equals(grounding.against()) ? CONTEXT_WEIGHT : (otherEvidence ? 0 : PROMPT_WEIGHT);
        weighted += w * risk;
        weights += w;
        if (risk >= 0.5 && w > 0) {
          reasons.add(String.format(Locale.ROOT, "not supported by the %s (best match %s, similarity %.2f)",
              grounding.against(), g.source(), g.support()));
        }
      }
      if (consistency != null) {
        SentenceScore c = consistency.sentences().get(i);
        weighted += SAMPLES_WEIGHT * c.score();
        weights += SAMPLES_WEIGHT;
        if (c.score() >= 0.5) reasons.add(String.format(Locale.ROOT, "the samples do not say this (disagreement %.2f)", c.score()));
      }
      if (uncertainty != null) {
        SentenceUncertainty u = find(uncertainty.sentences(), span);
        double risk = u != null ? u.score() : uncertainty.score();
        weighted += LOGPROBS_WEIGHT * risk;
        weights += LOGPROBS_WEIGHT;
        if (risk >= 0.5) reasons.add(String.format(Locale.ROOT, "the model was unsure of its words (mean token probability %.2f)", 1 - risk));
      }
      double score = weights == 0 ? 0 : weighted / weights;
      sum += score;
      String reason = reasons.isEmpty() ? "no sign of hallucination" : String.join("; ", reasons);
      risks.add(new SentenceRisk(span.start(), span.end(), round(score), reason));
    }
    double score = sentences.isEmpty() ? (uncertainty != null ? uncertainty.score() : 0) : sum / sentences.size();
    return new Hallucination(round(score), score >= threshold, threshold, risks);
  }

  static double groundingRisk(double support) {
    return Vectors.sigmoid((SUPPORT_MIDPOINT - support) * SUPPORT_SLOPE);
  }

  private static SentenceUncertainty find(List<SentenceUncertainty> list, Span span) {
    for (SentenceUncertainty u : list) if (u.start() == span.start() && u.end() == span.end()) return u;
    return null;
  }
}
