package dev.glassbox.store;

import dev.glassbox.core.call.Call;
import dev.glassbox.core.call.CallKey;
import dev.glassbox.core.explanation.Explanation;
import dev.glassbox.core.explanation.Explanation.CallView;
import dev.glassbox.core.explanation.Explanation.Consistency;
import dev.glassbox.core.explanation.Explanation.Embedding;
import dev.glassbox.core.explanation.Explanation.GroundedSentence;
import dev.glassbox.core.explanation.Explanation.Grounding;
import dev.glassbox.core.explanation.Explanation.Hallucination;
import dev.glassbox.core.explanation.Explanation.SentenceRisk;
import dev.glassbox.core.explanation.Explanation.SentenceScore;
import dev.glassbox.core.explanation.Explanation.SentenceUncertainty;
import dev.glassbox.core.explanation.Explanation.TokenUncertainty;
import dev.glassbox.core.explanation.Explanation.Uncertainty;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows one explanation becomes in PostgreSQL, computed without a database so the mapping is tested alone.
 *
 * @param sentences one row per response sentence, joining the per-sentence blocks by sentence index
 */
public record ExplanationRows(CallRow call, ExplanationRow explanation, List<SentenceRow> sentences,
    List<TokenRow> tokens) {

  /** Tenant of explanations that name none, as for calls (the call v1 default). */
  public static final String DEFAULT_TENANT = Call.DEFAULT_TENANT;

  /** The identity of the call these rows belong to. */
  public CallKey key() {
    return call.key();
  }

  /**
   * A {@code calls} row; the JSON fields are {@code jsonb} text.
   *
   * @param contentHash {@link CallContent#hash}, which the same-call rule compares
   * @param revision the call's explicit revision ({@code attributes.revision}), 0 when it names none
   */
  public record CallRow(String callId, String tenant, String app, String model, OffsetDateTime ts,
      String promptJson, String response, String contextJson, String attributesJson, String contentHash,
      long revision) {

    /** The call's identity. */
    public CallKey key() {
      return new CallKey(tenant, callId);
    }
  }

  /** An {@code explanations} row; a signal is {@code null} when its block was. */
  public record ExplanationRow(String callId, String tenant, String app, String model, OffsetDateTime ts,
      Double hallucinationScore, boolean flagged, double threshold, String evidence, Double groundingScore,
      String groundedAgainst,
      Double consistencyScore, Double semanticEntropy, Double uncertaintyScore, Double meanLogprob,
      Double perplexity, Double meanEntropy, Double maxEntropy, Double minProb, String summary, int encoderPasses,
      String embeddingModel, float[] promptEmbedding, float[] responseEmbedding, String explanationJson) {}

  /** An {@code explanation_sentences} row. */
  public record SentenceRow(int idx, int start, int end, Double score, String reason, Double support,
      String source, Integer sourceStart, Integer sourceEnd, Double consistency, Double uncertainty,
      Double tokenAlignment, String signals, String verdict, String evidence) {}

  /** An {@code explanation_tokens} row. */
  public record TokenRow(int idx, int start, int end, String token, double logprob, double prob, double entropy) {}

  /** Maps one explanation; throws {@link IllegalArgumentException} naming the field when it cannot be stored. */
  public static ExplanationRows of(Explanation e) {
    String callId = PgText.clean(e.callId());
    if (callId == null || callId.isBlank()) throw new IllegalArgumentException("call_id is missing");
    String app = required(e.app(), "app");
    String model = required(e.model(), "model");
    String tenant = e.tenant() == null ? DEFAULT_TENANT : PgText.clean(e.tenant());
    OffsetDateTime ts = timestamp(e.timestamp());
    Hallucination h = e.hallucination();
    if (h == null) throw new IllegalArgumentException("hallucination is missing");

    CallView view = e.call();
    String hash = CallContent.hash(e, ts);
    CallRow call = view == null
        ? new CallRow(callId, tenant, app, model, ts, null, null, null, null, hash, 0)
        : new CallRow(callId, tenant, app, model, ts, PgText.json(view.prompt()), PgText.clean(view.response()),
            PgText.json(view.context()), PgText.json(view.attributes()), hash, Call.revisionOf(view.attributes()));

    Grounding g = e.grounding();
    Consistency c = e.consistency();
    Uncertainty u = e.uncertainty();
    Embedding emb = e.embedding();
    ExplanationRow explanation = new ExplanationRow(callId, tenant, app, model, ts, h.score(), h.flagged(),
        h.threshold(), PgText.clean(h.evidence()),
        g == null ? null : g.score(), g == null ? null : PgText.clean(g.against()),
        c == null ? null : c.score(), c == null ? null : c.semanticEntropy(),
        u == null ? null : u.score(), u == null ? null : u.meanLogprob(), u == null ? null : u.perplexity(),
        u == null ? null : u.meanEntropy(), u == null ? null : u.maxEntropy(), u == null ? null : u.minProb(),
        PgText.clean(e.summary()), e.encoderPasses(),
        emb == null ? null : PgText.clean(emb.model()), emb == null ? null : emb.prompt(),
        emb == null ? null : emb.response(), PgText.json(e));
    return new ExplanationRows(call, explanation, sentences(h, g, c, u), tokens(u));
  }

  /**
   * The per-sentence blocks all index the same split of the response; a block that is absent or shorter
   * leaves its columns null rather than dropping the sentence.
   */
  private static List<SentenceRow> sentences(Hallucination h, Grounding g, Consistency c, Uncertainty u) {
    List<SentenceRisk> risks = listOrEmpty(h.sentences());
    List<GroundedSentence> grounded = g == null ? List.of() : listOrEmpty(g.sentences());
    List<SentenceScore> consistent = c == null ? List.of() : listOrEmpty(c.sentences());
    List<SentenceUncertainty> uncertain = u == null ? List.of() : listOrEmpty(u.sentences());
    int n = Math.max(Math.max(risks.size(), grounded.size()), Math.max(consistent.size(), uncertain.size()));
    List<SentenceRow> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      SentenceRisk r = i < risks.size() ? risks.get(i) : null;
      GroundedSentence gs = i < grounded.size() ? grounded.get(i) : null;
      SentenceScore cs = i < consistent.size() ? consistent.get(i) : null;
      SentenceUncertainty us = i < uncertain.size() ? uncertain.get(i) : null;
      int start = r != null ? r.start() : gs != null ? gs.start() : cs != null ? cs.start() : us.start();
      int end = r != null ? r.end() : gs != null ? gs.end() : cs != null ? cs.end() : us.end();
      rows.add(new SentenceRow(i, start, end,
          r == null ? null : r.score(), r == null ? null : PgText.clean(r.reason()),
          gs == null ? null : gs.support(), gs == null ? null : PgText.clean(gs.source()),
          gs == null ? null : gs.sourceStart(), gs == null ? null : gs.sourceEnd(),
          cs == null ? null : cs.score(), us == null ? null : us.score(),
          gs == null ? null : gs.tokenAlignment(), r == null || r.signals() == null ? null : PgText.json(r.signals()),
          r == null ? null : PgText.clean(r.verdict()), r == null ? null : PgText.clean(r.evidence())));
    }
    return rows;
  }

  private static List<TokenRow> tokens(Uncertainty u) {
    List<TokenUncertainty> tokens = u == null ? List.of() : listOrEmpty(u.tokens());
    List<TokenRow> rows = new ArrayList<>(tokens.size());
    for (int i = 0; i < tokens.size(); i++) {
      TokenUncertainty t = tokens.get(i);
      rows.add(new TokenRow(i, t.start(), t.end(), t.token() == null ? "" : PgText.clean(t.token()), t.logprob(),
          t.prob(), t.entropy()));
    }
    return rows;
  }

  private static String required(String value, String field) {
    if (value == null || value.isBlank()) throw new IllegalArgumentException(field + " is missing");
    return PgText.clean(value);
  }

  private static OffsetDateTime timestamp(String value) {
    if (value == null) throw new IllegalArgumentException("timestamp is missing");
    try {
      return OffsetDateTime.parse(value).withOffsetSameInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException ex) {
      throw new IllegalArgumentException("timestamp is not ISO-8601: " + abbreviate(value));
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }

  private static <T> List<T> listOrEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
