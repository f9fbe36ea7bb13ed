package dev.glassbox.core.signal;

import dev.glassbox.core.explanation.Against;
import dev.glassbox.core.explanation.Explanation.Consistency;
import dev.glassbox.core.explanation.Explanation.GroundedSentence;
import dev.glassbox.core.explanation.Explanation.Reasoning;
import dev.glassbox.core.explanation.Explanation.Grounding;
import dev.glassbox.core.explanation.Explanation.SentenceScore;
import dev.glassbox.core.explanation.Explanation.SentenceUncertainty;
import dev.glassbox.core.explanation.Explanation.Uncertainty;
import dev.glassbox.core.text.Span;
import dev.glassbox.core.text.Words;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The inputs of the learned hallucination model for one response sentence, grouped by the kind of
 * evidence they come from. Every feature is a rate, a mean or a similarity, never a count, so a longer
 * sentence or response does not look riskier for its length alone. The combiner and
 * {@code glassbox train} both read features through this class, so what is trained is what runs. A feature
 * list is a named vector, so a new kind of evidence (a verifier's entailment score) is one more group.
 */
public final class SentenceFeatures {

  public static final String CONTEXT = "context";
  /** Source material found in the prompt: read with the context model, since it is the same kind of evidence. */
  public static final String PROMPT = "prompt";
  public static final String SAMPLES = "samples";
  public static final String LOGPROBS = "logprobs";
  /** The response read as a chain of reasoning with a numeric final answer, checked against itself, the query and the samples. */
  public static final String REASONING = "reasoning";
  /** The learned models, one per kind of evidence a model is fitted for. */
  public static final List<String> GROUPS = List.of(CONTEXT, SAMPLES, LOGPROBS, REASONING);
  /** The kinds of evidence a fact can be checked against; log-probabilities only say how sure the model was. */
  public static final List<String> CHECKABLE = List.of(CONTEXT, PROMPT, SAMPLES, REASONING);

  /**
   * Against a context, whole-sentence dissimilarity is left out: a short exact answer is less similar
   * to a passage than a long restatement, so that feature would mostly learn response length.
   */
  public static final List<String> CONTEXT_FEATURES =
      List.of("novelty", "unquoted", "token_misalignment", "unsupported_term_share");
  public static final List<String> SAMPLES_FEATURES =
      List.of("semantic", "lexical", "token_misalignment", "ngram", "ngram_max");
  public static final List<String> LOGPROBS_FEATURES = List.of("mean_nll", "max_nll", "mean_entropy", "new_word_nll");
  /**
   * A chain's figures, the same for each of its sentences since the answer is one claim: 1 − the samples' vote for its
   * answer, 1 − their agreement on its intermediate results, the share of the query's numbers it never uses, the share
   * of its calculations that are wrong, and whether its answer is a number the steps never reached. Missing (no samples,
   * no numbers in the query): NaN, read at the training mean.
   */
  public static final List<String> REASONING_FEATURES = List.of("answer_disagreement", "intermediate_disagreement",
      "unused_source_numbers", "arithmetic_errors", "answer_unsupported");
  /**
   * The verifier's view, appended to the context and samples groups when a model is trained with it: 1 − P(supported)
   * and P(contradicted) (best segment, or mean over samples). Missing (NaN) when no verifier ran, so a model trained
   * with them reads a call scored without the verifier at their training mean.
   */
  public static final List<String> VERIFIER_FEATURES = List.of("verifier_not_supported", "verifier_contradicted");

  private SentenceFeatures() {}

  public static List<String> names(String group) {
    return switch (group) {
      case CONTEXT, PROMPT -> CONTEXT_FEATURES;
      case SAMPLES -> SAMPLES_FEATURES;
      case LOGPROBS -> LOGPROBS_FEATURES;
      case REASONING -> REASONING_FEATURES;
      default -> throw new IllegalArgumentException("unknown signal group " + group);
    };
  }

  /** The group's features followed by the verifier's, for the groups the verifier checks (context and samples). */
  public static List<String> namesWithVerifier(String group) {
    if (LOGPROBS.equals(group) || REASONING.equals(group)) return names(group);
    List<String> out = new ArrayList<>(names(group));
    out.addAll(VERIFIER_FEATURES);
    return List.copyOf(out);
  }

  /** The key of a verifier feature of a kind of evidence in a sentence's {@code signals} ("context.verifier_contradicted"). */
  public static String verifierKey(String kind, String feature) {
    return kind + "." + feature;
  }

  /** The learned model a kind of evidence is read with: source material in the prompt is read as a context. */
  public static String modelGroup(String kind) {
    return PROMPT.equals(kind) ? CONTEXT : kind;
  }

  /**
   * The feature vector of each kind of evidence sentence {@code i} has, keyed by kind ({@code context} or
   * {@code prompt} for grounding, by where its sources were found; {@code samples}; {@code logprobs}). The context and
   * samples vectors end with the {@link #VERIFIER_FEATURES}, read from the sentence's {@code signals} (null or
   * absent: NaN); a model without them reads the vector's leading part ({@link HallucinationModel#input}).
   */
  public static Map<String, double[]> of(String response, List<Span> sentences, int i, Grounding grounding,
      Consistency consistency, Uncertainty uncertainty, Map<String, Double> signals) {
    return of(response, sentences, i, grounding, consistency, uncertainty, null, signals);
  }

  /** As above, with the response's reasoning ({@code reasoning} kind when it is a chain with a numeric answer). */
  public static Map<String, double[]> of(String response, List<Span> sentences, int i, Grounding grounding,
      Consistency consistency, Uncertainty uncertainty, Reasoning reasoning, Map<String, Double> signals) {
    Map<String, double[]> out = new LinkedHashMap<>();
    Span span = sentences.get(i);
    if (grounding != null) {
      String kind = Against.CONTEXT.id().equals(grounding.against()) ? CONTEXT : PROMPT;
      out.put(kind, withVerifier(grounding(grounding.sentences().get(i), span.of(response)), kind, signals));
    }
    if (consistency != null) out.put(SAMPLES, withVerifier(samples(consistency.sentences().get(i)), SAMPLES, signals));
    if (uncertainty != null) out.put(LOGPROBS, logprobs(uncertainty, span));
    double[] chain = reasoning(reasoning);
    if (chain != null) out.put(REASONING, chain);
    return out;
  }

  /** The reasoning features of a chain; null when it has no numeric answer (nothing for them to check). */
  public static double[] reasoning(Reasoning r) {
    if (r == null || r.answer() == null || r.answer().value() == null) return null;
    return new double[] {r.agreement() == null ? Double.NaN : 1 - r.agreement(),
        r.intermediateAgreement() == null ? Double.NaN : 1 - r.intermediateAgreement(),
        r.unusedSourceNumbers() == null ? Double.NaN : r.unusedSourceNumbers(),
        r.arithmeticErrors() == null ? 0 : r.arithmeticErrors(),
        r.answerSupported() == null ? Double.NaN : r.answerSupported() ? 0 : 1};
  }

  private static double[] withVerifier(double[] base, String kind, Map<String, Double> signals) {
    double[] out = Arrays.copyOf(base, base.length + VERIFIER_FEATURES.size());
    for (int j = 0; j < VERIFIER_FEATURES.size(); j++) {
      Double v = signals == null ? null : signals.get(verifierKey(kind, VERIFIER_FEATURES.get(j)));
      out[base.length + j] = v == null ? Double.NaN : v;
    }
    return out;
  }

  static double[] grounding(GroundedSentence g, String text) {
    int content = Words.contentWords(text).size();
    double termShare = content == 0 ? 0 : Math.min(1, (double) g.unsupportedTerms().size() / content);
    return new double[] {g.novelty(), 1 - g.quoted(), missing(g.tokenAlignment(), true), termShare};
  }

  static double[] samples(SentenceScore s) {
    return new double[] {s.semantic(), s.lexical(), missing(s.tokenAlignment(), false), s.ngram(), s.ngramMax()};
  }

  /** A sentence without located tokens takes the call's figures; no self-added words is full confidence in them. */
  static double[] logprobs(Uncertainty u, Span span) {
    SentenceUncertainty s = null;
    for (SentenceUncertainty c : u.sentences()) if (c.start() == span.start() && c.end() == span.end()) s = c;
    double meanLp = s != null ? s.meanLogprob() : u.meanLogprob();
    double minP = s != null ? s.minProb() : u.minProb();
    double entropy = s != null ? s.meanEntropy() : u.meanEntropy();
    double newWords = s != null && s.newWordLogprob() != null ? s.newWordLogprob() : 0;
    return new double[] {-meanLp, -Math.log(Math.max(1e-12, minP)), entropy, -newWords};
  }

  private static double missing(Double value, boolean invert) {
    if (value == null) return Double.NaN;
    return invert ? 1 - value : value;
  }
}
