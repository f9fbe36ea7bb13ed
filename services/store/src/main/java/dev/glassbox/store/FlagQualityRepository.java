package dev.glassbox.store;

import dev.glassbox.core.eval.Wilson;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Precision and recall of the explainer's flags against reviewers' latest verdicts (view {@code reviewed_flags}, V11),
 * per app, model, Glassbox version and the hallucination model that scored the calls, with Wilson intervals.
 */
@ApplicationScoped
public class FlagQualityRepository {

  /**
   * One group's confusion counts and their intervals: precision = hallucinated among flagged, recall = flagged among
   * hallucinated. Reviewers choose which calls to judge (a queue sorted by risk judges mostly flagged ones), so
   * recall is of the reviewed calls, not of all calls.
   */
  public record Quality(String app, String model, String glassboxVersion, String scoringModel, long verdicts,
      long truePositives, long falsePositives, long falseNegatives, long trueNegatives, Wilson precision,
      Wilson recall) {}

  private static final String SELECT = """
      SELECT app, model, glassbox_version, scoring_model, count(*),
        count(*) FILTER (WHERE flagged AND hallucinated), count(*) FILTER (WHERE flagged AND NOT hallucinated),
        count(*) FILTER (WHERE NOT flagged AND hallucinated), count(*) FILTER (WHERE NOT flagged AND NOT hallucinated)
      FROM reviewed_flags WHERE true""";

  private final DataSource reads;

  public FlagQualityRepository(@io.quarkus.agroal.DataSource("api") DataSource reads) {
    this.reads = reads;
  }

  /** Groups of the verdicts given in [since, until) (null: unbounded), of one app and tenant when given. */
  public List<Quality> find(String app, String tenant, Instant since, Instant until) throws SQLException {
    StringBuilder sql = new StringBuilder(SELECT);
    List<Object> params = new ArrayList<>();
    AuditTrail.where(sql, params, " AND app = ?", app);
    AuditTrail.where(sql, params, " AND tenant = ?", tenant);
    AuditTrail.where(sql, params, " AND reviewed_at >= ?", since == null ? null : Timestamp.from(since));
    AuditTrail.where(sql, params, " AND reviewed_at < ?", until == null ? null : Timestamp.from(until));
    sql.append(" GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4");
    try (Connection c = reads.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < params.size(); i++) ps.setObject(i + 1, params.get(i));
      List<Quality> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long tp = rs.getLong(6), fp = rs.getLong(7), fn = rs.getLong(8), tn = rs.getLong(9);
          out.add(new Quality(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5), tp, fp,
              fn, tn, Wilson.of(tp, tp + fp), Wilson.of(tp, tp + fn)));
        }
      }
      return out;
    }
  }
}
