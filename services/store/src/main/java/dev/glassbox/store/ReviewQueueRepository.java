package dev.glassbox.store;

import dev.glassbox.store.ReviewQueueQuery.Order;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Reads pages of the review queue with keyset paging over the V9 partial indexes: each page seeks past the previous
 * page's last (sort key, tenant, call id) in the index, so a page deep in the order costs what the first one does.
 */
@Singleton
public class ReviewQueueRepository {

  /** Characters of the response shown in a queue row; the call page has the rest. */
  static final int RESPONSE_EXCERPT = 280;

  /**
   * Riskiest: the calls most likely hallucinated. Informative: the calls whose verdict would change the app's model
   * most. A calibrated model and its flag threshold learn most from the calls they are least sure about, the ones
   * scored nearest the threshold (uncertainty sampling): a verdict there moves the fitted threshold and calibration,
   * while a verdict on a 0.99 call only confirms what the model already says. The threshold is the one the call was
   * scored against (the row's), which is the app's; both sides of it count, since a miss below it teaches recall as
   * a false alarm above it teaches precision. The key is an expression index column, so the order stays a seek.
   */
  private static final String RISKIEST_KEY = "e.hallucination_score";
  private static final String INFORMATIVE_KEY = "abs(e.hallucination_score - e.threshold)";

  private final DataSource reads;

  @Inject
  public ReviewQueueRepository(@io.quarkus.agroal.DataSource("api") DataSource reads) {
    this.reads = reads;
  }

  /** One page of the queue in the query's order, and where the next page starts (null after the last). */
  public ReviewQueue.Page page(ReviewQueueQuery q) throws SQLException {
    List<Object> params = new ArrayList<>();
    String sql = sql(q, params);
    try (Connection c = reads.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.size(); i++) ps.setObject(i + 1, params.get(i));
      List<ReviewQueue.Row> rows = new ArrayList<>();
      QueueCursor next = null;
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (rows.size() == q.limit()) {
            // A row past the page: there is a next page, and it starts after this page's last row.
            ReviewQueue.Row last = rows.get(rows.size() - 1);
            next = new QueueCursor(q.order(), last.sortKey(), last.tenant(), last.callId());
            break;
          }
          rows.add(rowOf(rs));
        }
      }
      return new ReviewQueue.Page(rows, next);
    }
  }

  /** The page's SQL; its WHERE repeats each index's predicate word for word so the planner can use it. */
  static String sql(ReviewQueueQuery q, List<Object> params) {
    boolean riskiest = q.order() == Order.RISKIEST;
    String key = riskiest ? RISKIEST_KEY : INFORMATIVE_KEY;
    StringBuilder sql = new StringBuilder("SELECT e.tenant, e.call_id, e.app, e.model, e.ts, e.hallucination_score,"
        + " e.threshold, e.flagged, e.evidence, e.summary, e.review_verdict, e.hallucination_model_version,"
        + " e.glassbox_version, " + key + " AS sort_key,"
        + " (SELECT left(c.response, " + RESPONSE_EXCERPT + ") FROM calls c"
        + " WHERE c.tenant = e.tenant AND c.call_id = e.call_id) AS response"
        + " FROM explanations e WHERE ");
    sql.append(riskiest ? "e.flagged" : "e.hallucination_score IS NOT NULL AND e.threshold IS NOT NULL");
    if (q.verdict() == null) {
      sql.append(" AND e.review_verdict IS NULL");
    } else {
      sql.append(" AND e.review_verdict = ?");
      params.add(q.verdict());
    }
    AuditTrail.where(sql, params, " AND e.app = ?", q.app());
    AuditTrail.where(sql, params, " AND e.model = ?", q.model());
    AuditTrail.where(sql, params, " AND e.tenant = ?", q.tenant());
    AuditTrail.where(sql, params, " AND e.ts >= ?", q.since() == null ? null : q.since().atOffset(ZoneOffset.UTC));
    AuditTrail.where(sql, params, " AND e.ts < ?", q.until() == null ? null : q.until().atOffset(ZoneOffset.UTC));
    AuditTrail.where(sql, params, " AND e.hallucination_model_version = ?", q.modelVersion());
    AuditTrail.where(sql, params, " AND e.glassbox_version = ?", q.glassboxVersion());
    String direction = riskiest ? "DESC" : "ASC";
    if (q.after() != null) {
      // A row comparison on the index's own columns: an index bound, not a filter.
      sql.append(" AND (").append(key).append(", e.tenant, e.call_id) ").append(riskiest ? "<" : ">")
          .append(" (?, ?, ?)");
      params.add(q.after().key());
      params.add(q.after().tenant());
      params.add(q.after().callId());
    }
    sql.append(" ORDER BY ").append(key).append(' ').append(direction).append(", e.tenant ").append(direction)
        .append(", e.call_id ").append(direction).append(" LIMIT ?");
    params.add(q.limit() + 1);
    return sql.toString();
  }

  private static ReviewQueue.Row rowOf(ResultSet rs) throws SQLException {
    return new ReviewQueue.Row(rs.getString("tenant"), rs.getString("call_id"), rs.getString("app"),
        rs.getString("model"), rs.getObject("ts", OffsetDateTime.class).toInstant().toString(),
        rs.getObject("hallucination_score", Double.class), rs.getObject("threshold", Double.class),
        rs.getBoolean("flagged"), rs.getString("evidence"), rs.getString("summary"), rs.getString("response"),
        rs.getString("review_verdict"), rs.getObject("hallucination_model_version", Integer.class),
        rs.getString("glassbox_version"), rs.getDouble("sort_key"));
  }
}
