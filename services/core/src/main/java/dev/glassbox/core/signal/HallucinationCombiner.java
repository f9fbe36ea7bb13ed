package dev.glassbox.core.signal;

import static dev.glassbox.core.signal.Vectors.round;

import dev.glassbox.core.explanation.Explanation.Consistency;
import dev.glassbox.core.explanation.Explanation.GroundedSentence;
import dev.glassbox.core.explanation.Explanation.Grounding;
import dev.glassbox.core.explanation.Explanation.Hallucination;
import dev.glassbox.core.explanation.Explanation.SentenceRisk;
import dev.glassbox.core.explanation.Explanation.SentenceScore;
import dev.glassbox.core.explanation.Explanation.Uncertainty;
import dev.glassbox.core.text.Span;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Combines whatever evidence a call has into one hallucination risk per sentence and per call. Each kind
 * of evidence (context, prompt, samples, log-probabilities) gives a risk in [0,1] from its learned
 * logistic model ({@link HallucinationModel}); a sentence's score is their mean and the call's is the
 * mean over its sentences, so a longer response is not riskier merely for having more sentences.
 */
public final class HallucinationCombiner {

  private HallucinationCombiner() {}

  public static Hallucination combine(String response, List<Span> sentences, Grounding grounding,
      Consistency consistency, Uncertainty uncertainty, double threshold, HallucinationModel model) {
    List<SentenceRisk> risks = new ArrayList<>(sentences.size());
    double sum = 0;
    for (int i = 0; i < sentences.size(); i++) {
      Map<String, double[]> features = SentenceFeatures.of(response, sentences, i, grounding, consistency, uncertainty);
      Map<String, Double> signals = new LinkedHashMap<>();
      List<String> reasons = new ArrayList<>();
      double total = 0;
      for (var f : features.entrySet()) {
        double risk = model.group(f.getKey()).probability(f.getValue());
        signals.put(f.getKey(), round(risk));
        total += risk;
        if (risk >= 0.5) reasons.add(reason(f.getKey(), risk, i, grounding, consistency, f.getValue()));
      }
      double score = features.isEmpty() ? 0 : total / features.size();
      sum += score;
      String reason = reasons.isEmpty() ? "no sign of hallucination" : String.join("; ", reasons);
      Span span = sentences.get(i);
      risks.add(new SentenceRisk(span.start(), span.end(), round(score), signals, reason));
    }
    double score = sentences.isEmpty() ? (uncertainty != null ? uncertainty.score() : 0) : sum / sentences.size();
    return new Hallucination(round(score), score >= threshold, threshold, risks);
  }

  /**
   * What made one kind of evidence see a risk, in words: "what (risk): why", with no "; " inside, since
   * that separates the kinds of evidence (the dashboards count reasons by the part before the colon).
   */
  static String reason(String group, double risk, int i, Grounding grounding, Consistency consistency, double[] x) {
    return switch (group) {
      case SentenceFeatures.CONTEXT, SentenceFeatures.PROMPT -> {
        GroundedSentence g = grounding.sentences().get(i);
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
            "not supported by the %s (risk %.2f): %.0f%% of its content words appear in no %s", group, risk,
            g.novelty() * 100, group.equals(SentenceFeatures.CONTEXT) ? "passage" : "prompt message"));
        if (!g.unsupportedTerms().isEmpty()) {
          sb.append(", absent from it: ").append(String.join(", ", g.unsupportedTerms().subList(0, Math.min(5, g.unsupportedTerms().size()))));
        }
        sb.append(String.format(Locale.ROOT, ", closest is %s (similarity %.2f", g.source(), g.similarity()));
        if (g.tokenAlignment() != null) sb.append(String.format(Locale.ROOT, ", token alignment %.2f", g.tokenAlignment()));
        yield sb.append(')').toString();
      }
      case SentenceFeatures.SAMPLES -> {
        SentenceScore c = consistency.sentences().get(i);
        yield String.format(Locale.ROOT, "the samples do not say this (risk %.2f): %.0f%% of its content words appear in no sample",
            risk, c.lexical() * 100);
      }
      default -> {
        String s = String.format(Locale.ROOT, "the model was unsure of its words (risk %.2f): mean token probability %.2f",
            risk, Math.exp(-x[0]));
        yield x[3] > 0 ? s + String.format(Locale.ROOT, ", %.2f for the words it added itself", Math.exp(-x[3])) : s;
      }
    };
  }
}
