package dev.glassbox.core.explanation;

import dev.glassbox.core.call.Message;
import dev.glassbox.core.call.Passage;
import java.util.List;
import java.util.Map;

/**
 * The explanation v1 contract: every signal Glassbox computed for one call. A block is {@code null}
 * when its inputs were not logged. Scores are in [0,1], higher meaning more likely hallucinated or
 * more uncertain, except grounding support (higher is better supported). Offsets are character
 * offsets into the response unless a field says otherwise.
 *
 * @param call the texts the explanation refers to, so a reader needs no second topic
 * @param encoderPasses texts the surrogate encoder embedded for this call (its cost)
 * @param redactions what was redacted from the call before it was explained; {@code null} when redaction
 *     was off (and in explanations written before redaction existed)
 * @param provenance which build, model files and settings made the explanation, and when; {@code null} in
 *     explanations written before provenance existed
 * @param prompting the few-shot demonstrations found in the prompt and the response read as reasoning; {@code null}
 *     when the prompt has no demonstrations and the response no chain (and in explanations written before it)
 */
public record Explanation(
    String callId,
    String app,
    String model,
    String tenant,
    String timestamp,
    CallView call,
    Hallucination hallucination,
    Grounding grounding,
    Consistency consistency,
    Uncertainty uncertainty,
    Attribution attribution,
    String summary,
    Embedding embedding,
    int encoderPasses,
    Redactions redactions,
    Provenance provenance,
    Prompting prompting) {

  /** An explanation without the prompting block (as written before it existed). */
  public Explanation(String callId, String app, String model, String tenant, String timestamp, CallView call,
      Hallucination hallucination, Grounding grounding, Consistency consistency, Uncertainty uncertainty,
      Attribution attribution, String summary, Embedding embedding, int encoderPasses, Redactions redactions,
      Provenance provenance) {
    this(callId, app, model, tenant, timestamp, call, hallucination, grounding, consistency, uncertainty,
        attribution, summary, embedding, encoderPasses, redactions, provenance, null);
  }

  /** An explanation without provenance (as written before provenance existed). */
  public Explanation(String callId, String app, String model, String tenant, String timestamp, CallView call,
      Hallucination hallucination, Grounding grounding, Consistency consistency, Uncertainty uncertainty,
      Attribution attribution, String summary, Embedding embedding, int encoderPasses, Redactions redactions) {
    this(callId, app, model, tenant, timestamp, call, hallucination, grounding, consistency, uncertainty,
        attribution, summary, embedding, encoderPasses, redactions, null);
  }

  /** An explanation of a call that was not redacted. */
  public Explanation(String callId, String app, String model, String tenant, String timestamp, CallView call,
      Hallucination hallucination, Grounding grounding, Consistency consistency, Uncertainty uncertainty,
      Attribution attribution, String summary, Embedding embedding, int encoderPasses) {
    this(callId, app, model, tenant, timestamp, call, hallucination, grounding, consistency, uncertainty,
        attribution, summary, embedding, encoderPasses, null);
  }

  /** The logged texts of the call (never its labels). */
  public record CallView(List<Message> prompt, String response, List<Passage> context,
      List<String> samples, Map<String, Object> attributes) {}

  /**
   * The hallucination risk of the call and of each response sentence, and the evidence it rests on.
   *
   * @param score the probability that the response is hallucinated; {@code null} when the call has no
   *     checkable evidence (then {@code flagged} is false)
   * @param evidence the kinds of checkable evidence the score rests on, joined by {@code +} in the order
   *     {@code context} (logged passages), {@code prompt} (source material found in the prompt), {@code samples};
   *     {@code logprobs} when token log-probabilities are all there is (uncertainty only, no score); {@code none}
   *     when nothing was logged that a fact could be checked against; {@code null} in explanations written before
   *     verdicts existed
   */
  public record Hallucination(Double score, boolean flagged, double threshold, String evidence,
      List<SentenceRisk> sentences) {

    public static final String NONE = "none";

    /** A hallucination block written before evidence was named (its score always present). */
    public Hallucination(double score, boolean flagged, double threshold, List<SentenceRisk> sentences) {
      this(score, flagged, threshold, null, sentences);
    }

    /** Whether the call had evidence a fact could be checked against, so that it has a score. */
    public boolean checkable() {
      return score != null;
    }
  }

  /**
   * @param score the sentence's probability of being hallucinated; {@code null} when it is {@code unverifiable}
   * @param signals the learned risk from each kind of evidence the call has ({@code context}, {@code prompt},
   *     {@code samples}, {@code logprobs}); the score is the mean of the checkable ones, calibrated
   * @param reason why, in words a person understands; it agrees with the verdict
   * @param verdict {@code supported}, {@code contradicted} (the evidence covers it and says otherwise),
   *     {@code unsupported} (the evidence should hold it and does not) or {@code unverifiable} (no logged evidence
   *     could hold it); {@code null} in explanations written before verdicts existed
   * @param evidence what the verdict rests on: the closest source ({@code context:<id>}, {@code prompt:<index>}),
   *     {@code samples}, or {@code null} when unverifiable
   */
  public record SentenceRisk(int start, int end, Double score, Map<String, Double> signals, String reason,
      String verdict, String evidence) {

    /** A sentence risk written before verdicts existed. */
    public SentenceRisk(int start, int end, double score, Map<String, Double> signals, String reason) {
      this(start, end, (Double) score, signals, reason, null, null);
    }
  }

  /**
   * Support of each response sentence by the context (or by the prompt when no context was logged).
   *
   * @param against {@code context} or {@code prompt} (the ids of {@link Against})
   */
  public record Grounding(double score, String against, List<GroundedSentence> sentences) {}

  /**
   * @param support best similarity to any source segment, in [0,1]
   * @param source where the best support lies: {@code context:<id>} or {@code prompt:<index>}
   * @param sourceStart start of the supporting segment inside that passage or message
   * @param sourceEnd end of the supporting segment inside that passage or message
   * @param similarity best sentence-vector cosine to any source segment, in [0,1]
   * @param novelty fraction of the sentence's content words found in no source text
   * @param quoted longest run of the sentence's words found verbatim in one source, as a share of its words
   * @param unsupportedTerms names and numbers of the sentence that appear in no source text
   * @param tokenAlignment BERTScore-style precision: the mean, over the sentence's content tokens, of the best
   *     cosine of its contextual token vector to any token of its 8 most similar source segments; null when the
   *     encoder gives no token vectors, and after the response's 64th sentence
   */
  public record GroundedSentence(int start, int end, double support, String source, int sourceStart,
      int sourceEnd, double similarity, double novelty, double quoted, List<String> unsupportedTerms,
      Double tokenAlignment, String reason) {}

  /**
   * Agreement between the response and the logged samples.
   *
   * @param semanticEntropy entropy (nats) of the meaning clusters of response + samples
   * @param clusters number of meaning clusters
   * @param meanDissimilarity mean pairwise (1 - cosine) among response and samples
   */
  public record Consistency(double score, double semanticEntropy, int clusters, double meanDissimilarity,
      List<SentenceScore> sentences) {}

  /**
   * @param score disagreement of the samples with this sentence, in [0,1]
   * @param semantic 1 minus the mean over samples of the best sentence-vector match
   * @param lexical fraction of the sentence's content words that no sample contains
   * @param tokenAlignment 1 minus the mean over samples of the BERTScore-style precision of the sentence against
   *     the sample (best contextual-token cosine per content token); null without token vectors
   * @param ngram SelfCheckGPT's unigram score: mean negative log-probability of the sentence's words under a
   *     unigram model of the samples and the response (add-one smoothed)
   * @param ngramMax the same, the largest over the sentence's words
   */
  public record SentenceScore(int start, int end, double score, double semantic, double lexical,
      Double tokenAlignment, double ngram, double ngramMax) {}

  /**
   * Token-level uncertainty from the logged log-probabilities.
   *
   * @param score 1 minus the geometric mean token probability
   * @param tokens one entry per logged token; start = end when the token could not be located in the response
   */
  public record Uncertainty(double score, double meanLogprob, double perplexity, double meanEntropy,
      double maxEntropy, double minProb, List<SentenceUncertainty> sentences, List<TokenUncertainty> tokens) {}

  public record TokenUncertainty(int start, int end, String token, double logprob, double prob, double entropy) {}

  /**
   * Token uncertainty aggregated over one response sentence.
   *
   * @param newWordLogprob mean log-probability of the first token of each content word that appears nowhere in
   *     the context or prompt (the claims the model added itself); null when the sentence has none
   */
  public record SentenceUncertainty(int start, int end, double meanLogprob, double minProb, double meanEntropy,
      double score, Double newWordLogprob) {}

  /**
   * Which parts of the prompt and context drove the response, by the named method, explaining the named target: the
   * surrogate's support of the response by them ({@code SupportTarget}) or the verifier's ({@code EntailmentTarget}).
   *
   * @param method the id of the {@code AttributionMethod} used
   * @param target the id of the {@code AttributionTarget} explained: {@code surrogate} or {@code verifier}; null in
   *     explanations made before it was recorded (the surrogate)
   * @param segments every attributed segment, highest score first
   * @param sentences per response sentence, its target value and its top segments
   * @param tokens words of the top segment whose deletion lowers the target most
   * @param evaluations target evaluations spent (the attribution's cost)
   * @param encoderPasses texts embedded for the attribution beyond the explanation's own
   */
  public record Attribution(String method, String target, List<Segment> segments, Faithfulness faithfulness,
      List<SentenceAttribution> sentences, List<TokenScore> tokens, int evaluations, int encoderPasses,
      List<AttentionView> attention) {

    public Attribution(String method, String target, List<Segment> segments, Faithfulness faithfulness,
        List<SentenceAttribution> sentences, List<TokenScore> tokens, int evaluations, int encoderPasses) {
      this(method, target, segments, faithfulness, sentences, tokens, evaluations, encoderPasses, null);
    }

    /** The same attribution with the attention view added (its passes counted). */
    public Attribution withAttention(List<AttentionView> views) {
      return new Attribution(method, target, segments, faithfulness, sentences, tokens, evaluations,
          encoderPasses + views.size(), views);
    }
  }

  /**
   * Attention rollout of the surrogate reading a response sentence after its top segment: the share of the
   * sentence's attention that flows to each word of the segment. A second view, not a faithful explanation.
   *
   * @param start the response sentence
   * @param source the segment's source, {@code context:<id>} or {@code prompt:<index>}
   * @param sourceStart the segment inside its source
   * @param words each word's share (sums to 1), offsets inside the source
   */
  public record AttentionView(int start, int end, String source, int sourceStart, int sourceEnd,
      List<TokenScore> words) {}

  /**
   * @param source {@code context:<id>} or {@code prompt:<index>}
   * @param start offset inside that passage or message
   */
  public record Segment(String source, int start, int end, double score) {}

  public record SentenceAttribution(int start, int end, double target, List<Segment> segments) {}

  public record TokenScore(String source, int start, int end, String token, double score) {}

  /**
   * ERASER faithfulness of the attribution, and of random scores for comparison (mean of 5 draws).
   *
   * @param topFraction share of segments taken as the top ones
   */
  public record Faithfulness(double comprehensiveness, double sufficiency, double aopc, double topFraction,
      double randomComprehensiveness, double randomSufficiency, double randomAopc) {}

  /** The same explanation with an attribution. */
  public Explanation withAttribution(Attribution a) {
    return new Explanation(callId, app, model, tenant, timestamp, call, hallucination, grounding, consistency,
        uncertainty, a, summary, embedding, encoderPasses, redactions, provenance, prompting);
  }

  /** The same explanation with the summary of what was redacted from its call. */
  public Explanation withRedactions(Redactions r) {
    return new Explanation(callId, app, model, tenant, timestamp, call, hallucination, grounding, consistency,
        uncertainty, attribution, summary, embedding, encoderPasses, r, provenance, prompting);
  }

  /** The same explanation with what made it. */
  public Explanation withProvenance(Provenance p) {
    return new Explanation(callId, app, model, tenant, timestamp, call, hallucination, grounding, consistency,
        uncertainty, attribution, summary, embedding, encoderPasses, redactions, p, prompting);
  }

  /**
   * What the redactor replaced in the call before it was explained; every text and offset of the
   * explanation refers to the redacted call.
   *
   * @param total findings replaced
   * @param byType non-zero counts by type ({@code email}, {@code phone}, {@code card}, {@code iban}, {@code ip}, {@code secret})
   * @param byField non-zero counts by field group ({@code prompt}, {@code response}, {@code context}, {@code samples}, {@code attributes})
   * @param modes the mode of each field group: {@code redact}, {@code hash} or {@code off}
   */
  public record Redactions(int total, Map<String, Integer> byType, Map<String, Integer> byField,
      Map<String, String> modes) {}

  /** Surrogate embeddings of prompt and response, for drift and similar-call search. */
  public record Embedding(String model, float[] prompt, float[] response) {}

  /** The same explanation with its prompting block. */
  public Explanation withPrompting(Prompting p) {
    return new Explanation(callId, app, model, tenant, timestamp, call, hallucination, grounding, consistency,
        uncertainty, attribution, summary, embedding, encoderPasses, redactions, provenance, p);
  }

  /**
   * The prompting paradigm's view of a call: which demonstrations the response follows, and whether its reasoning holds.
   *
   * @param demonstrations the few-shot examples of the prompt, in order (empty when it has none)
   * @param reasoning the response as steps and a final answer; null when it is not a chain with an answer
   * @param majorityLabel the response's answer equals the demonstrations' most frequent output (label bias); null
   *     when no output repeats
   */
  public record Prompting(List<DemonstrationView> demonstrations, Reasoning reasoning, Boolean majorityLabel) {}

  /**
   * One demonstration ({@code demo:<k>}) and how much the response follows it. Input and output offsets are into the
   * messages named by their sources.
   *
   * @param influence the drop in the encoder surrogate's similarity of the response to the prompt when this
   *     demonstration is left out, normalised over the demonstrations (leave-one-out; 0 when none is found)
   * @param copy how much of the response comes from this demonstration's output and not from the query: the larger of
   *     its word-trigram overlap and the share of its numbers reused, 1 when the answers are equal
   * @param answerMatch the response's answer equals this demonstration's output (or that output's final answer)
   * @param copied the response copies this demonstration: it has the largest {@code copy}, at least
   *     {@link #COPIED}
   */
  public record DemonstrationView(String segment, String inputSource, int inputStart, int inputEnd, String outputSource,
      int outputStart, int outputEnd, double influence, double copy, boolean answerMatch, boolean copied) {
    public static final double COPIED = 0.5;
  }

  /**
   * A response read as reasoning.
   *
   * @param answerSupported the final answer's number is stated or computed in the steps; null when it gives none
   * @param agreement share of the samples whose final answer equals this one (self-consistency vote); null without
   *     samples
   * @param intermediateAgreement mean share of samples that state each of the steps' computed results; null without
   *     samples or results
   * @param unusedSourceNumbers share of the query's numbers that no step uses; null when the query states none
   * @param arithmeticErrors share of the stated calculations whose result is wrong; null when none is stated
   * @param answerFollows the answer follows from the steps: the last step states its number (stricter than
   *     {@code answerSupported}, which accepts any step); null when it gives none
   */
  public record Reasoning(List<ReasoningStep> steps, ReasoningAnswer answer, Boolean answerSupported, Double agreement,
      Double intermediateAgreement, Double unusedSourceNumbers, Double arithmeticErrors, Boolean answerFollows) {}

  /**
   * One step: {@code verdict} is {@code miscalculated} (a stated result is wrong), {@code ungrounded} (it computes with
   * a number found in no source nor earlier step), {@code supported} (its calculations check out and use known
   * numbers) or {@code unchecked} (nothing to re-check).
   */
  public record ReasoningStep(int start, int end, String verdict, String reason, int calculations, int wrong,
      List<String> ungroundedNumbers) {}

  /** The final answer: the span of its line, the answer's own text and its number (null for an answer in words). */
  public record ReasoningAnswer(int start, int end, String text, Double value) {}
}
