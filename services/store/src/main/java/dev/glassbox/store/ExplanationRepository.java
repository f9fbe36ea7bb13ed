package dev.glassbox.store;

import dev.glassbox.core.call.CallKey;
import dev.glassbox.core.explanation.Explanation;
import dev.glassbox.core.explain.SimilarCalls;
import dev.glassbox.store.ExplanationRows.CallRow;
import dev.glassbox.store.ExplanationRows.ExplanationRow;
import dev.glassbox.store.SameCallRule.Refusal;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;

/** Plain JDBC access to the store's tables: idempotent batched upserts keyed by (tenant, call id), and the API's reads. */
@Singleton
public class ExplanationRepository {

  private static final String UPSERT_CALL = """
      INSERT INTO calls (call_id, tenant, app, model, ts, prompt, response, context, attributes, content_hash,
        revision)
      VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?::jsonb, ?::jsonb, ?, ?)
      ON CONFLICT (tenant, call_id) DO UPDATE SET
        app = EXCLUDED.app, model = EXCLUDED.model, ts = EXCLUDED.ts,
        prompt = EXCLUDED.prompt, response = EXCLUDED.response, context = EXCLUDED.context,
        attributes = EXCLUDED.attributes, content_hash = EXCLUDED.content_hash, revision = EXCLUDED.revision,
        stored_at = now()
      """;

  private static final String UPSERT_EXPLANATION = """
      INSERT INTO explanations (call_id, tenant, app, model, ts, hallucination_score, flagged, threshold, evidence,
        grounding_score, grounded_against, consistency_score, semantic_entropy, uncertainty_score, mean_logprob,
        perplexity, mean_entropy, max_entropy, min_prob, summary, encoder_passes, embedding_model,
        prompt_embedding, response_embedding, explanation)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
      ON CONFLICT (tenant, call_id) DO UPDATE SET
        app = EXCLUDED.app, model = EXCLUDED.model, ts = EXCLUDED.ts,
        hallucination_score = EXCLUDED.hallucination_score, flagged = EXCLUDED.flagged,
        threshold = EXCLUDED.threshold, evidence = EXCLUDED.evidence, grounding_score = EXCLUDED.grounding_score,
        grounded_against = EXCLUDED.grounded_against, consistency_score = EXCLUDED.consistency_score,
        semantic_entropy = EXCLUDED.semantic_entropy, uncertainty_score = EXCLUDED.uncertainty_score,
        mean_logprob = EXCLUDED.mean_logprob, perplexity = EXCLUDED.perplexity,
        mean_entropy = EXCLUDED.mean_entropy, max_entropy = EXCLUDED.max_entropy, min_prob = EXCLUDED.min_prob,
        summary = EXCLUDED.summary, encoder_passes = EXCLUDED.encoder_passes,
        embedding_model = EXCLUDED.embedding_model, prompt_embedding = EXCLUDED.prompt_embedding,
        response_embedding = EXCLUDED.response_embedding, explanation = EXCLUDED.explanation, stored_at = now()
      """;

  private static final String UPSERT_SENTENCE = """
      INSERT INTO explanation_sentences (tenant, call_id, idx, start_offset, end_offset, score, reason, support,
        source, source_start, source_end, consistency, uncertainty, token_alignment, signals, verdict, evidence)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)
      ON CONFLICT (tenant, call_id, idx) DO UPDATE SET
        start_offset = EXCLUDED.start_offset, end_offset = EXCLUDED.end_offset, score = EXCLUDED.score,
        reason = EXCLUDED.reason, support = EXCLUDED.support, source = EXCLUDED.source,
        source_start = EXCLUDED.source_start, source_end = EXCLUDED.source_end,
        consistency = EXCLUDED.consistency, uncertainty = EXCLUDED.uncertainty,
        token_alignment = EXCLUDED.token_alignment, signals = EXCLUDED.signals, verdict = EXCLUDED.verdict,
        evidence = EXCLUDED.evidence
      """;

  private static final String UPSERT_TOKEN = """
      INSERT INTO explanation_tokens (tenant, call_id, idx, start_offset, end_offset, token, logprob, prob, entropy)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (tenant, call_id, idx) DO UPDATE SET
        start_offset = EXCLUDED.start_offset, end_offset = EXCLUDED.end_offset, token = EXCLUDED.token,
        logprob = EXCLUDED.logprob, prob = EXCLUDED.prob, entropy = EXCLUDED.entropy
      """;

  // A re-explained call may have fewer sentences or tokens than before: the surplus rows must go.
  private static final String TRIM_SENTENCES =
      "DELETE FROM explanation_sentences WHERE tenant = ? AND call_id = ? AND idx >= ?";
  private static final String TRIM_TOKENS = "DELETE FROM explanation_tokens WHERE tenant = ? AND call_id = ? AND idx >= ?";

  // The keys of a batch as two parallel arrays, so one statement looks them all up.
  private static final String BATCH_KEYS = "unnest(?::text[], ?::text[]) AS k(tenant, call_id)";
  // Locked, so a concurrent delete waits for this batch rather than slipping between the check and the write.
  private static final String STORED = "SELECT c.tenant, c.call_id, c.content_hash, c.revision FROM calls c JOIN "
      + BATCH_KEYS + " USING (tenant, call_id) FOR UPDATE OF c";
  private static final String TOMBSTONES = "SELECT t.tenant, t.call_id, t.deleted_at FROM call_tombstones t JOIN "
      + BATCH_KEYS + " USING (tenant, call_id)";

  private static final String SUMMARY_COLUMNS =
      "call_id, app, model, tenant, ts, hallucination_score, flagged, evidence, grounding_score, uncertainty_score, summary";

  private final DataSource dataSource;
  // The API's reads take connections from their own pool, so a flood of reads never leaves the writer waiting.
  private final DataSource reads;

  /** One source for writes and reads (tests and tools). */
  public ExplanationRepository(DataSource dataSource) {
    this(dataSource, dataSource);
  }

  /** Writes (and deletes) over {@code dataSource}, the API's reads over {@code reads}; both act as the same role. */
  @Inject
  public ExplanationRepository(DataSource dataSource, TenantReads reads) {
    this(dataSource, (DataSource) reads);
  }

  /** Writes over {@code dataSource}, reads over {@code reads} (tests pass plain sources). */
  ExplanationRepository(DataSource dataSource, DataSource reads) {
    this.dataSource = dataSource;
    this.reads = reads;
  }

  /** Maps and writes explanations in one transaction (see {@link #write}). */
  public List<Refusal> writeExplanations(List<Explanation> explanations) throws SQLException {
    return write(explanations.stream().map(ExplanationRows::of).toList());
  }

  /**
   * Writes the batch in one transaction: all of it or none. Rows are upserted by {@code (tenant, call id)}, so
   * writing the same explanation again adds no rows; within a batch, a later explanation of a call wins. A record
   * the {@link SameCallRule} refuses (its key holds another call, or was deleted) writes nothing and is returned.
   */
  public List<Refusal> write(List<ExplanationRows> batch) throws SQLException {
    if (batch.isEmpty()) return List.of();
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        List<Refusal> refused = new ArrayList<>();
        Collection<ExplanationRows> unique = admitted(c, batch, refused);
        upsertCalls(c, unique);
        upsertExplanations(c, unique);
        upsertSentences(c, unique);
        upsertTokens(c, unique);
        c.commit();
        return refused;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c, e);
        throw e;
      }
    }
  }

  /**
   * The records of the batch the same-call rule lets through, the latest per key (one statement may not touch a
   * row twice, e.g. with reWriteBatchedInserts); each refused one is added to {@code refused}. Records are judged in
   * order, each against what the ones before it would have stored.
   */
  private static Collection<ExplanationRows> admitted(Connection c, List<ExplanationRows> batch,
      List<Refusal> refused) throws SQLException {
    Map<CallKey, SameCallRule.Stored> stored = new HashMap<>();
    Map<CallKey, OffsetDateTime> deleted = new HashMap<>();
    lookUp(c, STORED, batch, rs -> stored.put(keyOf(rs),
        new SameCallRule.Stored(rs.getString("content_hash"), rs.getLong("revision"))));
    lookUp(c, TOMBSTONES, batch, rs -> deleted.put(keyOf(rs), rs.getObject("deleted_at", OffsetDateTime.class)));
    Map<CallKey, ExplanationRows> latest = new LinkedHashMap<>();
    for (int i = 0; i < batch.size(); i++) {
      ExplanationRows rows = batch.get(i);
      CallKey key = rows.key();
      Optional<Refusal> refusal = SameCallRule.check(i, rows.call(), stored.get(key), deleted.get(key));
      if (refusal.isPresent()) {
        refused.add(refusal.get());
        continue;
      }
      latest.put(key, rows);
      stored.put(key, SameCallRule.Stored.of(rows.call()));
    }
    return latest.values();
  }

  /** Reads one row of a look-up. */
  @FunctionalInterface
  private interface RowReader {
    void read(ResultSet rs) throws SQLException;
  }

  /** Runs {@code sql}, whose {@link #BATCH_KEYS} are the batch's keys, and hands each row to {@code reader}. */
  private static void lookUp(Connection c, String sql, List<ExplanationRows> batch, RowReader reader)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setArray(1, c.createArrayOf("text", batch.stream().map(r -> r.key().tenant()).toArray()));
      ps.setArray(2, c.createArrayOf("text", batch.stream().map(r -> r.key().id()).toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) reader.read(rs);
      }
    }
  }

  private static CallKey keyOf(ResultSet rs) throws SQLException {
    return new CallKey(rs.getString("tenant"), rs.getString("call_id"));
  }

  private static void upsertCalls(Connection c, Collection<ExplanationRows> batch) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(UPSERT_CALL)) {
      for (ExplanationRows rows : batch) {
        CallRow r = rows.call();
        int i = bindCallKey(ps, r.callId(), r.tenant(), r.app(), r.model(), r.ts());
        ps.setString(i++, r.promptJson());
        ps.setString(i++, r.response());
        ps.setString(i++, r.contextJson());
        ps.setString(i++, r.attributesJson());
        ps.setString(i++, r.contentHash());
        ps.setLong(i++, r.revision());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** Binds the columns calls and explanations share, call_id to ts, as parameters 1 to 5; returns the next index. */
  private static int bindCallKey(PreparedStatement ps, String callId, String tenant, String app, String model,
      OffsetDateTime ts) throws SQLException {
    ps.setString(1, callId);
    ps.setString(2, tenant);
    ps.setString(3, app);
    ps.setString(4, model);
    ps.setObject(5, ts);
    return 6;
  }

  private static void upsertExplanations(Connection c, Collection<ExplanationRows> batch) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(UPSERT_EXPLANATION)) {
      for (ExplanationRows rows : batch) {
        ExplanationRow r = rows.explanation();
        int i = bindCallKey(ps, r.callId(), r.tenant(), r.app(), r.model(), r.ts());
        setDouble(ps, i++, r.hallucinationScore());
        ps.setBoolean(i++, r.flagged());
        ps.setDouble(i++, r.threshold());
        ps.setString(i++, r.evidence());
        setDouble(ps, i++, r.groundingScore());
        ps.setString(i++, r.groundedAgainst());
        setDouble(ps, i++, r.consistencyScore());
        setDouble(ps, i++, r.semanticEntropy());
        setDouble(ps, i++, r.uncertaintyScore());
        setDouble(ps, i++, r.meanLogprob());
        setDouble(ps, i++, r.perplexity());
        setDouble(ps, i++, r.meanEntropy());
        setDouble(ps, i++, r.maxEntropy());
        setDouble(ps, i++, r.minProb());
        ps.setString(i++, r.summary());
        ps.setInt(i++, r.encoderPasses());
        ps.setString(i++, r.embeddingModel());
        setRealArray(c, ps, i++, r.promptEmbedding());
        setRealArray(c, ps, i++, r.responseEmbedding());
        ps.setString(i++, r.explanationJson());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private static void upsertSentences(Connection c, Collection<ExplanationRows> batch) throws SQLException {
    upsertPerCall(c, batch, UPSERT_SENTENCE, TRIM_SENTENCES, ExplanationRows::sentences, (upsert, s) -> {
      int i = 3;
      upsert.setInt(i++, s.idx());
      upsert.setInt(i++, s.start());
      upsert.setInt(i++, s.end());
      setDouble(upsert, i++, s.score());
      upsert.setString(i++, s.reason());
      setDouble(upsert, i++, s.support());
      upsert.setString(i++, s.source());
      setInt(upsert, i++, s.sourceStart());
      setInt(upsert, i++, s.sourceEnd());
      setDouble(upsert, i++, s.consistency());
      setDouble(upsert, i++, s.uncertainty());
      setDouble(upsert, i++, s.tokenAlignment());
      upsert.setString(i++, s.signals());
      upsert.setString(i++, s.verdict());
      upsert.setString(i++, s.evidence());
    });
  }

  private static void upsertTokens(Connection c, Collection<ExplanationRows> batch) throws SQLException {
    upsertPerCall(c, batch, UPSERT_TOKEN, TRIM_TOKENS, ExplanationRows::tokens, (upsert, t) -> {
      int i = 3;
      upsert.setInt(i++, t.idx());
      upsert.setInt(i++, t.start());
      upsert.setInt(i++, t.end());
      upsert.setString(i++, t.token());
      upsert.setDouble(i++, t.logprob());
      upsert.setDouble(i++, t.prob());
      upsert.setDouble(i++, t.entropy());
    });
  }

  /** Sets the parameters of one per-call row from the third on (the first two are its tenant and call id). */
  @FunctionalInterface
  private interface RowBinder<T> {
    void bind(PreparedStatement upsert, T row) throws SQLException;
  }

  /**
   * Upserts the rows each call has several of (sentences, tokens), keyed by tenant, call id and index, then deletes
   * the call's rows past the last index.
   */
  private static <T> void upsertPerCall(Connection c, Collection<ExplanationRows> batch, String upsertSql,
      String trimSql, Function<ExplanationRows, List<T>> rowsOf, RowBinder<T> binder) throws SQLException {
    try (PreparedStatement upsert = c.prepareStatement(upsertSql);
         PreparedStatement trim = c.prepareStatement(trimSql)) {
      for (ExplanationRows rows : batch) {
        CallKey key = rows.key();
        List<T> perCall = rowsOf.apply(rows);
        for (T row : perCall) {
          upsert.setString(1, key.tenant());
          upsert.setString(2, key.id());
          binder.bind(upsert, row);
          upsert.addBatch();
        }
        trim.setString(1, key.tenant());
        trim.setString(2, key.id());
        trim.setInt(3, perCall.size());
        trim.addBatch();
      }
      upsert.executeBatch();
      trim.executeBatch();
    }
  }

  /** The stored explanation v1 JSON of a call. */
  public Optional<String> findExplanationJson(CallKey key) throws SQLException {
    try (Connection c = reads.getConnection(); PreparedStatement ps = c.prepareStatement(
        "SELECT explanation::text FROM explanations WHERE tenant = ? AND call_id = ?")) {
      ps.setString(1, key.tenant());
      ps.setString(2, key.id());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  /** An explanation a newer one replaced, and when; {@code explanation} is the stored JSON. */
  public record Replaced(@com.fasterxml.jackson.annotation.JsonRawValue String explanation,
      java.time.Instant storedAt, java.time.Instant replacedAt) {}

  /** The call's replaced explanations, newest first (at most {@code limit}). */
  public List<Replaced> findHistory(CallKey key, int limit) throws SQLException {
    try (Connection c = reads.getConnection(); PreparedStatement ps = c.prepareStatement(
        "SELECT explanation::text, stored_at, replaced_at FROM explanation_history WHERE tenant = ? AND call_id = ? "
            + "ORDER BY id DESC LIMIT ?")) {
      ps.setString(1, key.tenant());
      ps.setString(2, key.id());
      ps.setInt(3, limit);
      List<Replaced> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Replaced(rs.getString(1), rs.getObject(2, java.time.OffsetDateTime.class).toInstant(),
              rs.getObject(3, java.time.OffsetDateTime.class).toInstant()));
        }
      }
      return out;
    }
  }

  /** The tenants holding a call with this id, sorted, at most {@code limit} of them. */
  public List<String> tenantsOf(String callId, int limit) throws SQLException {
    try (Connection c = reads.getConnection(); PreparedStatement ps = c.prepareStatement(
        "SELECT tenant FROM calls WHERE call_id = ? ORDER BY tenant LIMIT ?")) {
      ps.setString(1, callId);
      ps.setInt(2, limit);
      try (ResultSet rs = ps.executeQuery()) {
        List<String> tenants = new ArrayList<>();
        while (rs.next()) tenants.add(rs.getString(1));
        return tenants;
      }
    }
  }

  /**
   * Deletes a call, its explanation, sentences and tokens (foreign keys cascade), and leaves a tombstone so that a
   * replay of the same tenant and id is refused. False if none was stored (and no tombstone is left). A deletion is
   * audited, as {@code actor}'s, in the same transaction.
   */
  public boolean deleteCall(CallKey key, String actor) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement delete = c.prepareStatement("DELETE FROM calls WHERE tenant = ? AND call_id = ?");
           PreparedStatement tombstone = c.prepareStatement("INSERT INTO call_tombstones (tenant, call_id) "
               + "VALUES (?, ?) ON CONFLICT (tenant, call_id) DO UPDATE SET deleted_at = now()")) {
        delete.setString(1, key.tenant());
        delete.setString(2, key.id());
        boolean deleted = delete.executeUpdate() > 0;
        if (deleted) {
          tombstone.setString(1, key.tenant());
          tombstone.setString(2, key.id());
          tombstone.executeUpdate();
          AuditTrail.append(c, actor, "delete", key.tenant(), key.id(), null);
        }
        c.commit();
        return deleted;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c, e);
        throw e;
      }
    }
  }

  /** Calls matching the query, newest first. */
  public List<CallSummary> findCalls(CallQuery q) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT " + SUMMARY_COLUMNS + " FROM explanations WHERE true");
    List<Object> params = new ArrayList<>();
    if (q.app() != null) { sql.append(" AND app = ?"); params.add(q.app()); }
    if (q.model() != null) { sql.append(" AND model = ?"); params.add(q.model()); }
    if (q.tenant() != null) { sql.append(" AND tenant = ?"); params.add(q.tenant()); }
    if (q.flagged() != null) { sql.append(" AND flagged = ?"); params.add(q.flagged()); }
    if (q.from() != null) { sql.append(" AND ts >= ?"); params.add(q.from().atOffset(ZoneOffset.UTC)); }
    if (q.to() != null) { sql.append(" AND ts < ?"); params.add(q.to().atOffset(ZoneOffset.UTC)); }
    // call_id and tenant break ties so equal timestamps page in a stable order.
    sql.append(" ORDER BY ts DESC, call_id DESC, tenant DESC LIMIT ?");
    params.add(q.limit());
    try (Connection c = reads.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < params.size(); i++) ps.setObject(i + 1, params.get(i));
      try (ResultSet rs = ps.executeQuery()) {
        List<CallSummary> out = new ArrayList<>();
        while (rs.next()) {
          out.add(summaryOf(rs));
        }
        return out;
      }
    }
  }

  /** A row of {@link #SUMMARY_COLUMNS}. */
  private static CallSummary summaryOf(ResultSet rs) throws SQLException {
    return new CallSummary(rs.getString("call_id"), rs.getString("app"), rs.getString("model"),
        rs.getString("tenant"), rs.getObject("ts", OffsetDateTime.class).toInstant().toString(),
        nullableDouble(rs, "hallucination_score"), rs.getBoolean("flagged"), rs.getString("evidence"),
        nullableDouble(rs, "grounding_score"),
        nullableDouble(rs, "uncertainty_score"), rs.getString("summary"));
  }

  /** An earlier call like the one asked about, with how alike they are (cosine, mean over prompt and response). */
  public record SimilarCall(CallSummary call, double similarity) {}

  /**
   * The {@code k} calls of the same tenant and app, stored before this one, most alike by surrogate embedding
   * among the latest {@code candidates}; empty when the call is unknown or has no embedding.
   */
  public List<SimilarCall> findSimilar(CallKey key, int candidates, int k) throws SQLException {
    String callId = key.id();
    String target = "SELECT tenant, app, ts, prompt_embedding, response_embedding FROM explanations"
        + " WHERE tenant = ? AND call_id = ?";
    String earlier = "SELECT " + SUMMARY_COLUMNS + ", prompt_embedding, response_embedding FROM explanations"
        + " WHERE tenant = ? AND app = ? AND ts <= ? AND call_id <> ?"
        + " AND (prompt_embedding IS NOT NULL OR response_embedding IS NOT NULL)"
        + " ORDER BY ts DESC, call_id LIMIT ?";
    try (Connection c = reads.getConnection(); PreparedStatement pt = c.prepareStatement(target)) {
      pt.setString(1, key.tenant());
      pt.setString(2, callId);
      String tenant, app;
      OffsetDateTime ts;
      float[] prompt, response;
      try (ResultSet rs = pt.executeQuery()) {
        if (!rs.next()) return List.of();
        tenant = rs.getString("tenant");
        app = rs.getString("app");
        ts = rs.getObject("ts", OffsetDateTime.class);
        prompt = floats(rs.getArray("prompt_embedding"));
        response = floats(rs.getArray("response_embedding"));
      }
      if (prompt == null && response == null) return List.of();
      Map<String, CallSummary> byId = new HashMap<>();
      List<SimilarCalls.Candidate> pool = new ArrayList<>();
      try (PreparedStatement pe = c.prepareStatement(earlier)) {
        pe.setString(1, tenant);
        pe.setString(2, app);
        pe.setObject(3, ts);
        pe.setString(4, callId);
        pe.setInt(5, candidates);
        try (ResultSet rs = pe.executeQuery()) {
          while (rs.next()) {
            CallSummary s = summaryOf(rs);
            byId.put(s.callId(), s);
            pool.add(new SimilarCalls.Candidate(s.callId(), floats(rs.getArray("prompt_embedding")),
                floats(rs.getArray("response_embedding"))));
          }
        }
      }
      return SimilarCalls.top(prompt, response, pool, k).stream()
          .map(m -> new SimilarCall(byId.get(m.callId()), Math.round(m.similarity() * 1e4) / 1e4)).toList();
    }
  }

  static float[] floats(Array a) throws SQLException {
    if (a == null) return null;
    Object[] values = (Object[]) a.getArray();
    float[] out = new float[values.length];
    for (int i = 0; i < out.length; i++) out[i] = ((Number) values[i]).floatValue();
    return out;
  }

  /** Totals and the {@code leastGrounded} calls with the lowest grounding score, of {@code tenant} (null: all). */
  public StoreStats stats(int leastGrounded, String tenant) throws SQLException {
    String ofTenant = " (?::text IS NULL OR tenant = ?) ";
    try (Connection c = reads.getConnection()) {
      long calls;
      long flagged;
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT count(*), count(*) FILTER (WHERE flagged) FROM explanations WHERE" + ofTenant)) {
        ps.setString(1, tenant);
        ps.setString(2, tenant);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          calls = rs.getLong(1);
          flagged = rs.getLong(2);
        }
      }
      List<StoreStats.GroundingRank> ranks = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT call_id, tenant, grounding_score FROM explanations "
          + "WHERE grounding_score IS NOT NULL AND" + ofTenant + "ORDER BY grounding_score, call_id, tenant LIMIT ?")) {
        ps.setString(1, tenant);
        ps.setString(2, tenant);
        ps.setInt(3, leastGrounded);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            ranks.add(new StoreStats.GroundingRank(rs.getString(1), rs.getString(2), rs.getDouble(3)));
          }
        }
      }
      return new StoreStats(calls, flagged, ranks);
    }
  }

  private static void setDouble(PreparedStatement ps, int index, Double value) throws SQLException {
    if (value == null) ps.setNull(index, Types.DOUBLE);
    else ps.setDouble(index, value);
  }

  private static void setInt(PreparedStatement ps, int index, Integer value) throws SQLException {
    if (value == null) ps.setNull(index, Types.INTEGER);
    else ps.setInt(index, value);
  }

  private static void setRealArray(Connection c, PreparedStatement ps, int index, float[] values)
      throws SQLException {
    if (values == null) {
      ps.setNull(index, Types.ARRAY);
      return;
    }
    Float[] boxed = new Float[values.length];
    for (int i = 0; i < values.length; i++) boxed[i] = values[i];
    Array array = c.createArrayOf("float4", boxed);
    ps.setArray(index, array);
  }

  private static Double nullableDouble(ResultSet rs, String column) throws SQLException {
    double v = rs.getDouble(column);
    return rs.wasNull() ? null : v;
  }

  private static void rollbackQuietly(Connection c, Exception cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      // The connection is likely gone, which rolls the transaction back anyway; keep the first error.
      cause.addSuppressed(e);
    }
  }
}
