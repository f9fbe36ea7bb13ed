package dev.glassbox.core.signal;

import static dev.glassbox.core.signal.Vectors.round;

import dev.glassbox.core.explanation.Explanation.Consistency;
import dev.glassbox.core.explanation.Explanation.GroundedSentence;
import dev.glassbox.core.explanation.Explanation.Grounding;
import dev.glassbox.core.explanation.Explanation.Hallucination;
import dev.glassbox.core.explanation.Explanation.Reasoning;
import dev.glassbox.core.explanation.Explanation.SentenceRisk;
import dev.glassbox.core.explanation.Explanation.SentenceScore;
import dev.glassbox.core.explanation.Explanation.Uncertainty;
import dev.glassbox.core.explanation.Verdict;
import dev.glassbox.core.text.Span;
import dev.glassbox.core.verify.VerifierLabel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Combines the evidence a call has into a verdict and a probability per sentence and per call. Each kind of
 * evidence gives a learned risk ({@link HallucinationModel}) mapped to a probability by its calibration; only
 * evidence a fact can be checked against (a context, source material in the prompt, samples) enters the score.
 * A call without any gets no score and is never flagged: it cannot be checked, and saying so is the answer.
 * A sentence's score is the mean over its checkable kinds, the call's the mean over its sentences, so a longer
 * response is not riskier merely for having more sentences.
 */
public final class HallucinationCombiner {

  /** A sentence is contradicted rather than unsupported when its closest source is at least this similar. */
  static final double ON_TOPIC_SIMILARITY = 0.6;

  private HallucinationCombiner() {}

  public static Hallucination combine(String response, List<Span> sentences, Grounding grounding,
      Consistency consistency, Uncertainty uncertainty, double threshold, HallucinationModel model) {
    return combine(response, sentences, grounding, consistency, uncertainty, null, threshold, model);
  }

  /**
   * @param checks the verifier's checks of each sentence by kind of evidence ({@link VerifierSignal#run}); null when
   *     no verifier ran, which gives exactly the verdicts of the cheap signals
   */
  public static Hallucination combine(String response, List<Span> sentences, Grounding grounding,
      Consistency consistency, Uncertainty uncertainty, List<Map<String, VerifierSignal.Check>> checks,
      double threshold, HallucinationModel model) {
    return combine(response, sentences, grounding, consistency, uncertainty, null, checks, threshold, model);
  }

  /** @param reasoning the response read as a chain; its figures are one more kind of checkable evidence when it has a numeric answer */
  public static Hallucination combine(String response, List<Span> sentences, Grounding grounding,
      Consistency consistency, Uncertainty uncertainty, Reasoning reasoning,
      List<Map<String, VerifierSignal.Check>> checks, double threshold, HallucinationModel model) {
    boolean chain = SentenceFeatures.reasoning(reasoning) != null;
    String evidence = evidence(grounding, consistency, uncertainty, chain);
    List<SentenceRisk> risks = new ArrayList<>(sentences.size());
    double sum = 0;
    for (int i = 0; i < sentences.size(); i++) {
      Map<String, VerifierSignal.Check> verified = checks == null ? Map.of() : checks.get(i);
      SentenceRisk r = sentence(response, sentences, i, new Evidence(grounding, consistency, uncertainty, reasoning),
          verified, threshold, model);
      if (r.score() != null) sum += r.score();
      risks.add(r);
    }
    boolean checkable = (grounding != null || consistency != null || chain) && !sentences.isEmpty();
    Double score = checkable ? round(sum / sentences.size()) : null;
    return new Hallucination(score, checkable && sum / sentences.size() >= threshold, threshold, evidence, risks);
  }

  /** The kinds of evidence a call has, as {@code hallucination.evidence} names them. */
  static String evidence(Grounding grounding, Consistency consistency, Uncertainty uncertainty, boolean chain) {
    List<String> kinds = new ArrayList<>();
    if (grounding != null) kinds.add(grounding.against());
    if (consistency != null) kinds.add(SentenceFeatures.SAMPLES);
    if (chain) kinds.add(SentenceFeatures.REASONING);
    if (!kinds.isEmpty()) return String.join("+", kinds);
    return uncertainty != null ? SentenceFeatures.LOGPROBS : Hallucination.NONE;
  }

  /** The evidence a call has, as the sentence step reads it. */
  private record Evidence(Grounding grounding, Consistency consistency, Uncertainty uncertainty, Reasoning reasoning) {}

  private static SentenceRisk sentence(String response, List<Span> sentences, int i, Evidence ev,
      Map<String, VerifierSignal.Check> verified, double threshold, HallucinationModel model) {
    Grounding grounding = ev.grounding();
    Consistency consistency = ev.consistency();
    Map<String, Double> verifierSignals = verifierSignals(verified);
    Map<String, double[]> features = SentenceFeatures.of(response, sentences, i, grounding, consistency,
        ev.uncertainty(), ev.reasoning(), verifierSignals);
    Map<String, Double> signals = new LinkedHashMap<>();
    String worst = null;
    double total = 0;
    int checked = 0;
    for (var f : features.entrySet()) {
      double risk = model.group(f.getKey()).probability(model.input(f.getKey(), f.getValue()));
      double p = model.probability(f.getKey(), risk);
      signals.put(f.getKey(), round(p));
      if (!SentenceFeatures.CHECKABLE.contains(f.getKey())) continue;
      total += p;
      checked++;
      if (worst == null || p > signals.get(worst)) worst = f.getKey();
    }
    signals.putAll(verifierSignals);
    Span span = sentences.get(i);
    if (checked == 0) {
      String reason = "unverifiable: nothing was logged that it could be checked against";
      Double lp = signals.get(SentenceFeatures.LOGPROBS);
      if (lp != null) reason += String.format(Locale.ROOT, " (token uncertainty %.2f, not a check of facts)", lp);
      return new SentenceRisk(span.start(), span.end(), null, signals, reason, Verdict.UNVERIFIABLE.id(), null);
    }
    double score = total / checked;
    VerifierSignal.Check check = verified.get(worst);
    VerifierLabel sure = check == null || score < threshold ? null : check.confidentLabel();
    if (sure != null && sure != VerifierLabel.SUPPORTED) {
      Verdict verdict = sure == VerifierLabel.CONTRADICTED ? Verdict.CONTRADICTED : Verdict.UNSUPPORTED;
      String reason = VerifierReasons.reason(head(verdict, worst), signals.get(worst), check, span.of(response));
      return new SentenceRisk(span.start(), span.end(), round(score), signals, reason, verdict.id(), check.source());
    }
    // Where the verifier is sure the evidence holds the sentence, the wording heuristic may not call it contradicted.
    Verdict verdict = score < threshold ? Verdict.SUPPORTED
        : sure == VerifierLabel.SUPPORTED ? Verdict.UNSUPPORTED : verdict(worst, i, grounding);
    String source = SentenceFeatures.SAMPLES.equals(worst) || SentenceFeatures.REASONING.equals(worst) ? worst
        : grounding.sentences().get(i).source();
    String reason = SentenceFeatures.REASONING.equals(worst) ? reasoningReason(verdict, signals.get(worst), ev.reasoning())
        : reason(verdict, worst, signals.get(worst), i, grounding, consistency);
    return new SentenceRisk(span.start(), span.end(), round(score), signals, reason, verdict.id(), source);
  }

  /** The verifier's figures of one sentence, as {@code signals} entries ("context.verifier_contradicted"). */
  static Map<String, Double> verifierSignals(Map<String, VerifierSignal.Check> verified) {
    Map<String, Double> out = new LinkedHashMap<>();
    verified.forEach((kind, c) -> {
      out.put(SentenceFeatures.verifierKey(kind, SentenceFeatures.VERIFIER_FEATURES.get(0)), c.notSupported());
      out.put(SentenceFeatures.verifierKey(kind, SentenceFeatures.VERIFIER_FEATURES.get(1)), c.contradicted());
    });
    return out;
  }

  /**
   * A risky sentence is contradicted when its closest source speaks of the same thing (similar, most of its
   * words present) but names or numbers of the sentence appear in no source; otherwise it is unsupported.
   */
  static Verdict verdict(String kind, int i, Grounding grounding) {
    if (SentenceFeatures.SAMPLES.equals(kind) || SentenceFeatures.REASONING.equals(kind)) return Verdict.UNSUPPORTED;
    GroundedSentence g = grounding.sentences().get(i);
    boolean onTopic = g.similarity() >= ON_TOPIC_SIMILARITY && g.novelty() < 0.5;
    return onTopic && !g.unsupportedTerms().isEmpty() ? Verdict.CONTRADICTED : Verdict.UNSUPPORTED;
  }

  /** The start of a reason: the verdict and the kind of evidence it rests on. */
  static String head(Verdict verdict, String kind) {
    return switch (verdict) {
      case SUPPORTED -> "supported by the " + kind;
      case CONTRADICTED -> "contradicted by the " + kind;
      default -> "not supported by the " + kind;
    };
  }

  /** Why, for a verdict resting on the reasoning: the vote, the unused numbers, the miscalculations, the answer. */
  static String reasoningReason(Verdict verdict, double risk, Reasoning r) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s (risk %.2f): ", head(verdict, SentenceFeatures.REASONING), risk));
    List<String> parts = new ArrayList<>();
    if (r.agreement() != null) parts.add(String.format(Locale.ROOT, "%.0f%% of samples give the same answer", r.agreement() * 100));
    if (r.unusedSourceNumbers() != null) {
      parts.add(String.format(Locale.ROOT, "%.0f%% of the question's numbers unused", r.unusedSourceNumbers() * 100));
    }
    if (r.arithmeticErrors() != null) parts.add(String.format(Locale.ROOT, "%.0f%% of calculations wrong", r.arithmeticErrors() * 100));
    if (Boolean.FALSE.equals(r.answerSupported())) parts.add("the answer is reached by no step");
    return sb.append(String.join(", ", parts)).toString();
  }

  /**
   * Why, in words that agree with the verdict: "verdict by what (risk): the figures", with no "; " inside,
   * since the dashboards count reasons by the part before the colon.
   */
  static String reason(Verdict verdict, String kind, double risk, int i, Grounding grounding, Consistency consistency) {
    String head = head(verdict, kind);
    if (SentenceFeatures.SAMPLES.equals(kind)) {
      SentenceScore c = consistency.sentences().get(i);
      return String.format(Locale.ROOT, "%s (risk %.2f): %.0f%% of its content words appear in no sample", head, risk,
          c.lexical() * 100);
    }
    GroundedSentence g = grounding.sentences().get(i);
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s (risk %.2f): %.0f%% of its content words appear in "
        + "no source", head, risk, g.novelty() * 100));
    if (!g.unsupportedTerms().isEmpty()) {
      sb.append(", absent from it: ").append(String.join(", ", g.unsupportedTerms().subList(0, Math.min(5, g.unsupportedTerms().size()))));
    }
    sb.append(String.format(Locale.ROOT, ", %.0f%% of it quoted, closest is %s (similarity %.2f", g.quoted() * 100,
        g.source(), g.similarity()));
    if (g.tokenAlignment() != null) sb.append(String.format(Locale.ROOT, ", token alignment %.2f", g.tokenAlignment()));
    return sb.append(')').toString();
  }
}
