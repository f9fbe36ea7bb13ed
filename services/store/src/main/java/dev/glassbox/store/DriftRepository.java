package dev.glassbox.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.glassbox.core.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Drift reports in PostgreSQL: idempotent upserts keyed by window, and the newest reports per app and model. */
@ApplicationScoped
public class DriftRepository {

  private static final String UPSERT = """
      INSERT INTO drift_reports (app, model, tenant, window_start, window_end, calls, drifted, report)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb)
      ON CONFLICT (app, model, tenant, window_start, window_end)
      DO UPDATE SET calls = EXCLUDED.calls, drifted = EXCLUDED.drifted, report = EXCLUDED.report, stored_at = now()
      """;

  private final DataSource dataSource;
  // The API's reads take connections from their own pool, as in ExplanationRepository.
  private final DataSource reads;

  /** One source for writes and reads (tests and tools). */
  public DriftRepository(DataSource dataSource) {
    this(dataSource, dataSource);
  }

  /** Writes over {@code dataSource}, the API's reads over {@code reads}; both act as the same role. */
  @Inject
  public DriftRepository(DataSource dataSource, TenantReads reads) {
    this(dataSource, (DataSource) reads);
  }

  /** Writes over {@code dataSource}, reads over {@code reads} (tests pass plain sources). */
  DriftRepository(DataSource dataSource, DataSource reads) {
    this.dataSource = dataSource;
    this.reads = reads;
  }

  /** Writes the batch in one transaction. */
  public void write(List<DriftRow> rows) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
        for (DriftRow r : rows) {
          ps.setString(1, r.app());
          ps.setString(2, r.model());
          ps.setString(3, r.tenant());
          ps.setTimestamp(4, Timestamp.from(r.windowStart()));
          ps.setTimestamp(5, Timestamp.from(r.windowEnd()));
          ps.setInt(6, r.calls());
          ps.setBoolean(7, r.drifted());
          // PostgreSQL's jsonb refuses the NUL escape; the replacement character keeps the position visible.
          ps.setString(8, Json.string(r.report()).replace("\\u0000", "\\uFFFD"));
          ps.addBatch();
        }
        ps.executeBatch();
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /** The newest reports (by window end), optionally of one app, model and/or tenant (null: any). */
  public List<DriftRow> find(String app, String model, String tenant, int limit) throws SQLException {
    String sql = "SELECT app, model, tenant, window_start, window_end, calls, drifted, report::text FROM drift_reports"
        + " WHERE (?::text IS NULL OR app = ?) AND (?::text IS NULL OR model = ?) AND (?::text IS NULL OR tenant = ?)"
        + " ORDER BY window_end DESC, window_start DESC, id DESC LIMIT ?";
    try (Connection c = reads.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, app);
      ps.setString(2, app);
      ps.setString(3, model);
      ps.setString(4, model);
      ps.setString(5, tenant);
      ps.setString(6, tenant);
      ps.setInt(7, limit);
      List<DriftRow> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new DriftRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant(),
              rs.getTimestamp(5).toInstant(), rs.getInt(6), rs.getBoolean(7), Json.readTree(rs.getString(8))));
        }
      } catch (JsonProcessingException e) {
        throw new SQLException("stored drift report is not JSON", e);
      }
      return out;
    }
  }
}
