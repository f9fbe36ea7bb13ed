package dev.glassbox.store;

import dev.glassbox.core.audit.AuditEntry;
import dev.glassbox.core.audit.AuditLog;
import dev.glassbox.core.json.Json;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** The store's side of the audit log: appends for people and jobs, and the admin's filtered reads. */
@Singleton
public class AuditTrail {

  /** The actor of scheduled retention runs. */
  static final String RETENTION_JOB = "retention-job";

  private final DataSource writes;
  private final DataSource reads;

  /** One source for appends and reads (tests). */
  public AuditTrail(DataSource dataSource) {
    this(dataSource, dataSource);
  }

  @Inject
  public AuditTrail(DataSource writes, TenantReads reads) {
    this(writes, (DataSource) reads);
  }

  /** Writes over {@code writes}, reads over {@code reads} (tests pass plain sources). */
  AuditTrail(DataSource writes, DataSource reads) {
    this.writes = writes;
    this.reads = reads;
  }

  /** Appends in {@code c}'s transaction, so the row exists exactly when the write it records does. */
  static void append(Connection c, String actor, String action, String tenant, String target,
      Map<String, ?> detail) throws SQLException {
    AuditLog.append(c, actor, action, tenant, target, detail == null ? null : Json.string(detail));
  }

  /** Appends in a transaction of its own, for writes that span several (a retention run). */
  public void record(String actor, String action, String tenant, String target, Map<String, ?> detail)
      throws SQLException {
    try (Connection c = writes.getConnection()) {
      c.setAutoCommit(false);
      try {
        append(c, actor, action, tenant, target, detail);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /** The filters of {@code GET /api/audit}; a null filter matches everything. */
  public record Query(String tenant, String actor, String action, java.time.Instant since, java.time.Instant until,
      int limit) {}

  /** Rows matching the query, newest first. */
  public List<AuditEntry> find(Query q) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT " + AuditLog.columns() + " FROM audit_log WHERE true");
    List<Object> params = new ArrayList<>();
    where(sql, params, " AND tenant = ?", q.tenant());
    where(sql, params, " AND actor = ?", q.actor());
    where(sql, params, " AND action = ?", q.action());
    where(sql, params, " AND at >= ?", q.since() == null ? null : Timestamp.from(q.since()));
    where(sql, params, " AND at < ?", q.until() == null ? null : Timestamp.from(q.until()));
    sql.append(" ORDER BY seq DESC LIMIT ?");
    params.add(q.limit());
    try (Connection c = reads.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < params.size(); i++) ps.setObject(i + 1, params.get(i));
      List<AuditEntry> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(AuditLog.read(rs));
      }
      return out;
    }
  }

  /** Adds {@code clause} with its parameter when the filter is set. */
  static void where(StringBuilder sql, List<Object> params, String clause, Object value) {
    if (value == null) return;
    sql.append(clause);
    params.add(value);
  }
}
