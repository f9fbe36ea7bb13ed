package dev.glassbox.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

/**
 * Deletes rows older than each table's retention, a bounded batch per statement (each its own short transaction),
 * until a batch comes back short.
 */
public final class Retention {

  /** The tables with a retention, children first so that each table's count is its own rows. */
  enum Table {
    EXPLANATION_TOKENS("explanation_tokens", """
        DELETE FROM explanation_tokens t USING (
          SELECT x.tenant, x.call_id, x.idx FROM explanation_tokens x
          JOIN explanations e ON e.tenant = x.tenant AND e.call_id = x.call_id
          WHERE e.ts < ? LIMIT ?) old
        WHERE t.tenant = old.tenant AND t.call_id = old.call_id AND t.idx = old.idx"""),
    EXPLANATION_SENTENCES("explanation_sentences", """
        DELETE FROM explanation_sentences s USING (
          SELECT x.tenant, x.call_id, x.idx FROM explanation_sentences x
          JOIN explanations e ON e.tenant = x.tenant AND e.call_id = x.call_id
          WHERE e.ts < ? LIMIT ?) old
        WHERE s.tenant = old.tenant AND s.call_id = old.call_id AND s.idx = old.idx"""),
    EXPLANATIONS("explanations", "DELETE FROM explanations WHERE (tenant, call_id) IN "
        + "(SELECT tenant, call_id FROM explanations WHERE ts < ? LIMIT ?)"),
    CALLS("calls",
        "DELETE FROM calls WHERE (tenant, call_id) IN (SELECT tenant, call_id FROM calls WHERE ts < ? LIMIT ?)"),
    DRIFT_REPORTS("drift_reports",
        "DELETE FROM drift_reports WHERE id IN (SELECT id FROM drift_reports WHERE window_end < ? LIMIT ?)"),
    // By when the call was deleted, not by the call's timestamp: a tombstone lasts its days after the delete.
    CALL_TOMBSTONES("call_tombstones", "DELETE FROM call_tombstones WHERE (tenant, call_id) IN "
        + "(SELECT tenant, call_id FROM call_tombstones WHERE deleted_at < ? LIMIT ?)");

    final String sqlName;
    private final String deleteBatch;

    Table(String sqlName, String deleteBatch) {
      this.sqlName = sqlName;
      this.deleteBatch = deleteBatch;
    }
  }

  /** What one run deleted: rows and statements per table, in deletion order. */
  public record Run(Map<String, Long> deleted, Map<String, Integer> batches) {}

  private final DataSource dataSource;
  private final Map<Table, Integer> days;
  private final int batchSize;

  /**
   * @param days days to keep per table; a table missing or at 0 is kept forever
   * @param batchSize rows per delete statement
   */
  Retention(DataSource dataSource, Map<Table, Integer> days, int batchSize) {
    if (batchSize < 1) throw new IllegalArgumentException("retention batch size must be at least 1, not " + batchSize);
    days.forEach((t, d) -> {
      if (d < 0) throw new IllegalArgumentException("retention days of " + t.sqlName + " must be 0 or more, not " + d);
    });
    this.dataSource = dataSource;
    this.days = Map.copyOf(days);
    this.batchSize = batchSize;
  }

  static Retention of(DataSource dataSource, StoreConfig.Retention config) {
    Map<Table, Integer> days = new LinkedHashMap<>();
    days.put(Table.EXPLANATION_TOKENS, config.explanationTokensDays());
    days.put(Table.EXPLANATION_SENTENCES, config.explanationSentencesDays());
    days.put(Table.EXPLANATIONS, config.explanationsDays());
    days.put(Table.CALLS, config.callsDays());
    days.put(Table.DRIFT_REPORTS, config.driftReportsDays());
    days.put(Table.CALL_TOMBSTONES, config.tombstonesDays());
    return new Retention(dataSource, days, config.batchSize());
  }

  /**
   * Deletes what is older than {@code now} minus each table's days; {@code stop} is asked between batches (shutdown).
   * {@code onBatch} hears every statement's count as it commits, so a failure later in the run loses no count.
   */
  Run run(Instant now, BooleanSupplier stop, BatchListener onBatch) throws SQLException {
    Map<String, Long> deleted = new LinkedHashMap<>();
    Map<String, Integer> batches = new LinkedHashMap<>();
    for (Table table : Table.values()) {
      int keepDays = days.getOrDefault(table, 0);
      if (keepDays == 0) continue;
      OffsetDateTime cutoff = now.minus(Duration.ofDays(keepDays)).atOffset(ZoneOffset.UTC);
      long total = 0;
      int statements = 0;
      try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(table.deleteBatch)) {
        c.setAutoCommit(true);
        int n;
        do {
          if (stop.getAsBoolean()) break;
          ps.setObject(1, cutoff);
          ps.setInt(2, batchSize);
          n = ps.executeUpdate();
          total += n;
          statements++;
          onBatch.deleted(table, n);
        } while (n == batchSize);
      }
      deleted.put(table.sqlName, total);
      batches.put(table.sqlName, statements);
    }
    return new Run(deleted, batches);
  }

  /** Hears each committed delete statement. */
  @FunctionalInterface
  interface BatchListener {
    void deleted(Table table, int rows);
  }
}
