package dev.glassbox.core.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The audit log table ({@code audit_log}, store migration V8) over plain JDBC, so the store and the CLI append and
 * verify it the same way. Appends run in the caller's transaction, serialised by a transaction-level advisory lock.
 */
public final class AuditLog {

  /** The advisory lock key of appends (any constant no other lock uses: "GBAUDIT" in ASCII). */
  static final long LOCK = 0x4742415544495454L;

  private static final String COLUMNS = "seq, at, actor, action, tenant, target, detail, prev_hash, hash";

  /** What {@link #verify} found: how many rows it read, and the first broken one if any. */
  public record Verification(long rows, Optional<AuditChain.Break> broken) {}

  private AuditLog() {}

  /**
   * Appends a row in {@code c}'s current transaction (autocommit off), after every row committed before; the
   * lock is held until that transaction ends, so concurrent appends queue rather than fork the chain.
   */
  public static AuditEntry append(Connection c, String actor, String action, String tenant, String target,
      String detail) throws SQLException {
    try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
      lock.setLong(1, LOCK);
      lock.execute();
    }
    AuditEntry last = null;
    try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM audit_log ORDER BY seq DESC LIMIT 1");
         ResultSet rs = ps.executeQuery()) {
      if (rs.next()) last = read(rs);
    }
    AuditEntry e = AuditChain.next(last, Instant.now(), actor, action, tenant, target, detail);
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_log (" + COLUMNS
        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setLong(1, e.seq());
      ps.setObject(2, OffsetDateTime.ofInstant(e.at(), ZoneOffset.UTC));
      ps.setString(3, e.actor());
      ps.setString(4, e.action());
      ps.setString(5, e.tenant());
      ps.setString(6, e.target());
      ps.setString(7, e.detail());
      ps.setString(8, e.prevHash());
      ps.setString(9, e.hash());
      ps.executeUpdate();
    }
    return e;
  }

  /** Reads the whole log in order of seq (streamed) and checks every link of the chain. */
  public static Verification verify(Connection c) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false); // PostgreSQL streams a result with a fetch size only inside a transaction
    try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM audit_log ORDER BY seq")) {
      ps.setFetchSize(1000);
      long rows = 0;
      AuditEntry previous = null;
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          AuditEntry e = read(rs);
          rows++;
          Optional<AuditChain.Break> broken = AuditChain.check(previous, e);
          if (broken.isPresent()) return new Verification(rows, broken);
          previous = e;
        }
      }
      return new Verification(rows, Optional.empty());
    } finally {
      c.rollback();
      c.setAutoCommit(autoCommit);
    }
  }

  /** One row as an entry; columns in the order of {@link #COLUMNS}. */
  public static AuditEntry read(ResultSet rs) throws SQLException {
    return new AuditEntry(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3),
        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9));
  }

  /** The columns {@link #read} expects, in order. */
  public static String columns() {
    return COLUMNS;
  }
}
