package dev.glassbox.core.signal;

import dev.glassbox.core.explanation.Against;
import dev.glassbox.core.explanation.Explanation.Consistency;
import dev.glassbox.core.explanation.Explanation.GroundedSentence;
import dev.glassbox.core.explanation.Explanation.Grounding;
import dev.glassbox.core.explanation.Explanation.SentenceScore;
import dev.glassbox.core.explanation.Explanation.SentenceUncertainty;
import dev.glassbox.core.explanation.Explanation.Uncertainty;
import dev.glassbox.core.text.Span;
import dev.glassbox.core.text.Words;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The inputs of the learned hallucination model for one response sentence, grouped by the kind of
 * evidence they come from. Every feature is a rate, a mean or a similarity, never a count, so a longer
 * sentence or response does not look riskier for its length alone. The combiner and
 * {@code glassbox train} both read features through this class, so what is trained is what runs.
 */
public final class SentenceFeatures {

  public static final String CONTEXT = "context";
  public static final String PROMPT = "prompt";
  public static final String SAMPLES = "samples";
  public static final String LOGPROBS = "logprobs";
  public static final List<String> GROUPS = List.of(CONTEXT, PROMPT, SAMPLES, LOGPROBS);

  /**
   * Against a context, whole-sentence dissimilarity is left out: a short exact answer is less similar
   * to a passage than a long restatement, so that feature would mostly learn response length.
   */
  public static final List<String> CONTEXT_FEATURES =
      List.of("novelty", "unquoted", "token_misalignment", "unsupported_term_share");
  public static final List<String> PROMPT_FEATURES =
      List.of("novelty", "unquoted", "dissimilarity", "token_misalignment", "unsupported_term_share");
  public static final List<String> SAMPLES_FEATURES =
      List.of("semantic", "lexical", "token_misalignment", "ngram", "ngram_max");
  public static final List<String> LOGPROBS_FEATURES = List.of("mean_nll", "max_nll", "mean_entropy", "new_word_nll");

  private SentenceFeatures() {}

  public static List<String> names(String group) {
    return switch (group) {
      case CONTEXT -> CONTEXT_FEATURES;
      case PROMPT -> PROMPT_FEATURES;
      case SAMPLES -> SAMPLES_FEATURES;
      case LOGPROBS -> LOGPROBS_FEATURES;
      default -> throw new IllegalArgumentException("unknown signal group " + group);
    };
  }

  /**
   * The feature vector of each kind of evidence sentence {@code i} has, in {@link #GROUPS} order.
   * Grounding against the prompt (no context logged) is weak evidence and is left out when samples
   * were logged: a sample of the same prompt says far more than the prompt's wording does.
   */
  public static Map<String, double[]> of(String response, List<Span> sentences, int i, Grounding grounding,
      Consistency consistency, Uncertainty uncertainty) {
    Map<String, double[]> out = new LinkedHashMap<>();
    Span span = sentences.get(i);
    if (counts(grounding, consistency)) {
      String group = Against.CONTEXT.id().equals(grounding.against()) ? CONTEXT : PROMPT;
      out.put(group, grounding(grounding.sentences().get(i), span.of(response), group));
    }
    if (consistency != null) out.put(SAMPLES, samples(consistency.sentences().get(i)));
    if (uncertainty != null) out.put(LOGPROBS, logprobs(uncertainty, span));
    return out;
  }

  /** Whether a call's grounding enters its score: always against a context, against the prompt only without samples. */
  public static boolean counts(Grounding grounding, Consistency consistency) {
    return grounding != null && !(Against.PROMPT.id().equals(grounding.against()) && consistency != null);
  }

  static double[] grounding(GroundedSentence g, String text, String group) {
    int content = Words.contentWords(text).size();
    double termShare = content == 0 ? 0 : Math.min(1, (double) g.unsupportedTerms().size() / content);
    double tokens = missing(g.tokenAlignment(), true);
    return CONTEXT.equals(group) ? new double[] {g.novelty(), 1 - g.quoted(), tokens, termShare}
        : new double[] {g.novelty(), 1 - g.quoted(), 1 - g.similarity(), tokens, termShare};
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
