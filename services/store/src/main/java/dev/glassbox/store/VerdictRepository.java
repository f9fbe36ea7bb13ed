package dev.glassbox.store;

import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.glassbox.core.call.CallKey;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Reviewers' verdicts on calls: appended, never changed (the database grants the store no UPDATE or DELETE on
 * them); a reviewer's newer verdict on a call supersedes their older ones. Each append is audited in its transaction.
 */
@Singleton
public class VerdictRepository {

  /** Most verdicts one call's list answers. */
  static final int MAX_PER_CALL = 500;

  /**
   * A stored verdict.
   *
   * @param sentences the per-sentence verdicts as stored JSON, or null
   * @param superseded whether the same reviewer gave a newer verdict on the same call
   */
  public record StoredVerdict(long id, String tenant, String callId, String app, String reviewer, String verdict,
      @JsonRawValue String sentences, String note, Instant createdAt, boolean superseded) {}

  private static final String SELECT = """
      SELECT v.id, v.tenant, v.call_id, c.app, v.reviewer, v.verdict, v.sentences::text, v.note, v.created_at,
        EXISTS (SELECT 1 FROM reviewer_verdicts n WHERE n.tenant = v.tenant AND n.call_id = v.call_id
                AND n.reviewer = v.reviewer AND n.id > v.id) AS superseded
      FROM reviewer_verdicts v JOIN calls c ON c.tenant = v.tenant AND c.call_id = v.call_id WHERE true""";

  private final DataSource writes;
  private final DataSource reads;

  /** One source for writes and reads (tests). */
  public VerdictRepository(DataSource dataSource) {
    this(dataSource, dataSource);
  }

  @Inject
  public VerdictRepository(DataSource writes, TenantReads reads) {
    this(writes, (DataSource) reads);
  }

  /** Writes over {@code writes}, reads over {@code reads} (tests pass plain sources). */
  VerdictRepository(DataSource writes, DataSource reads) {
    this.writes = writes;
    this.reads = reads;
  }

  /** Appends {@code reviewer}'s verdict on the call; empty when no call is stored under the key. */
  public Optional<StoredVerdict> add(CallKey key, String reviewer, ReviewerVerdict v) throws SQLException {
    try (Connection c = writes.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement exists = c.prepareStatement(
               "SELECT 1 FROM calls WHERE tenant = ? AND call_id = ? FOR KEY SHARE");
           PreparedStatement insert = c.prepareStatement("INSERT INTO reviewer_verdicts (tenant, call_id, reviewer, "
               + "verdict, sentences, note) VALUES (?, ?, ?, ?, ?::jsonb, ?) RETURNING id")) {
        exists.setString(1, key.tenant());
        exists.setString(2, key.id());
        try (ResultSet rs = exists.executeQuery()) {
          if (!rs.next()) {
            c.rollback();
            return Optional.empty();
          }
        }
        insert.setString(1, key.tenant());
        insert.setString(2, key.id());
        insert.setString(3, PgText.clean(reviewer));
        insert.setString(4, v.verdict());
        insert.setString(5, v.sentences() == null ? null : PgText.json(v.sentences()));
        insert.setString(6, PgText.clean(v.note()));
        long id;
        try (ResultSet rs = insert.executeQuery()) {
          rs.next();
          id = rs.getLong(1);
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("verdict_id", id);
        detail.put("verdict", v.verdict());
        detail.put("sentences", v.sentences() == null ? 0 : v.sentences().size());
        AuditTrail.append(c, reviewer, "verdict", key.tenant(), key.id(), detail);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
    return ofCall(key).stream().findFirst();
  }

  /** The call's verdicts, newest first. */
  public List<StoredVerdict> ofCall(CallKey key) throws SQLException {
    return select(SELECT + " AND v.tenant = ? AND v.call_id = ?", List.of(key.tenant(), key.id()), MAX_PER_CALL);
  }

  /** Verdicts matching the query, newest first. */
  public List<StoredVerdict> find(VerdictQuery q) throws SQLException {
    StringBuilder sql = new StringBuilder(SELECT);
    List<Object> params = new ArrayList<>();
    AuditTrail.where(sql, params, " AND c.app = ?", q.app());
    AuditTrail.where(sql, params, " AND v.tenant = ?", q.tenant());
    AuditTrail.where(sql, params, " AND v.reviewer = ?", q.reviewer());
    AuditTrail.where(sql, params, " AND v.created_at >= ?", q.since() == null ? null : Timestamp.from(q.since()));
    AuditTrail.where(sql, params, " AND v.created_at < ?", q.until() == null ? null : Timestamp.from(q.until()));
    AuditTrail.where(sql, params, " AND v.verdict = ?", q.verdict());
    return select(sql.toString(), params, q.limit());
  }

  private List<StoredVerdict> select(String where, List<Object> params, int limit) throws SQLException {
    try (Connection c = reads.getConnection();
         PreparedStatement ps = c.prepareStatement(where + " ORDER BY v.id DESC LIMIT ?")) {
      int i = 1;
      for (Object p : params) ps.setObject(i++, p);
      ps.setInt(i, limit);
      List<StoredVerdict> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new StoredVerdict(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
              rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
              rs.getObject(9, OffsetDateTime.class).toInstant(), rs.getBoolean(10)));
        }
      }
      return out;
    }
  }
}
