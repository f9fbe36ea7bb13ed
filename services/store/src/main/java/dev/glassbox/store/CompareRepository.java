package dev.glassbox.store;

import dev.glassbox.core.compare.Grouping;
import dev.glassbox.core.compare.Moments;
import dev.glassbox.core.compare.Proportion;
import dev.glassbox.core.compare.VersionSample;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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
 * One side of a version comparison read from PostgreSQL: counts, sums and moments aggregated in SQL over the side's
 * explanations, each with its latest reviewer verdict, and the embeddings of its newest calls for the MMD tests.
 */
@ApplicationScoped
public class CompareRepository {

  /**
   * The side's explanations: one app's over [since, until), of one model (index explanations_app_model_ts) or one
   * attribute value (the app's rows by the same index, each joined to its call by primary key), optionally one
   * tenant's. Parameters: app, since, until, tenant, tenant, value (the attribute's name comes first when by one).
   */
  private static String from(Grouping by) {
    return " FROM explanations e"
        + (by.attribute() == null ? "" : " JOIN calls c ON c.tenant = e.tenant AND c.call_id = e.call_id");
  }

  private static String where(Grouping by) {
    return " WHERE e.app = ? AND e.ts >= ? AND e.ts < ? AND (CAST(? AS text) IS NULL OR e.tenant = ?)"
        + (by.attribute() == null ? " AND e.model = ?" : " AND c.attributes ->> ? = ?");
  }

  /** The latest verdict of each call, as the export's label reads it (index reviewer_verdicts_call). */
  private static final String LATEST_VERDICT = " LEFT JOIN LATERAL (SELECT r.verdict FROM reviewer_verdicts r"
      + " WHERE r.tenant = e.tenant AND r.call_id = e.call_id ORDER BY r.id DESC LIMIT 1) v ON true";

  private static String aggregate(Grouping by) {
    return "SELECT count(*), count(*) FILTER (WHERE e.hallucination_score IS NOT NULL),"
        + " count(*) FILTER (WHERE e.hallucination_score IS NOT NULL AND e.flagged),"
        + " count(e.uncertainty_score), avg(e.uncertainty_score), var_samp(e.uncertainty_score),"
        + " count(*) FILTER (WHERE v.verdict IN ('hallucinated', 'correct')),"
        + " count(*) FILTER (WHERE v.verdict = 'hallucinated')"
        + from(by) + LATEST_VERDICT + where(by);
  }

  private static String embeddings(Grouping by) {
    return "SELECT e.prompt_embedding, e.response_embedding" + from(by) + where(by) + " ORDER BY e.ts DESC LIMIT ?";
  }

  private final DataSource reads;

  @Inject
  public CompareRepository(@io.quarkus.agroal.DataSource("api") DataSource reads) {
    this.reads = reads;
  }

  /** The side {@code value} of {@code by}; embeddings of its newest {@code maxEmbeddings} calls. */
  public VersionSample sample(String app, Grouping by, String value, Instant since, Instant until, String tenant,
      int maxEmbeddings) throws SQLException {
    try (Connection c = reads.getConnection()) {
      Proportion checkable, flagged, reviewed;
      Moments uncertainty;
      try (PreparedStatement ps = c.prepareStatement(aggregate(by))) {
        bind(ps, app, by, value, since, until, tenant);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          checkable = new Proportion(rs.getLong(2), rs.getLong(1));
          flagged = new Proportion(rs.getLong(3), rs.getLong(2));
          long n = rs.getLong(4);
          uncertainty = n == 0 ? Moments.EMPTY : new Moments(n, rs.getDouble(5), n > 1 ? rs.getDouble(6) : Double.NaN);
          reviewed = new Proportion(rs.getLong(8), rs.getLong(7));
        }
      }
      List<float[]> prompts = new ArrayList<>(), responses = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(embeddings(by))) {
        int next = bind(ps, app, by, value, since, until, tenant);
        ps.setInt(next, maxEmbeddings);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            float[] p = ExplanationRepository.floats(rs.getArray(1)), r = ExplanationRepository.floats(rs.getArray(2));
            if (p != null) prompts.add(p);
            if (r != null) responses.add(r);
          }
        }
      }
      return new VersionSample(checkable, flagged, uncertainty, reviewed, Proportion.EMPTY, prompts, responses);
    }
  }

  /** Binds {@link #where}'s parameters; returns the next parameter's index. */
  private static int bind(PreparedStatement ps, String app, Grouping by, String value, Instant since, Instant until,
      String tenant) throws SQLException {
    int i = 1;
    ps.setString(i++, app);
    ps.setTimestamp(i++, Timestamp.from(since));
    ps.setTimestamp(i++, Timestamp.from(until));
    ps.setString(i++, tenant);
    ps.setString(i++, tenant);
    if (by.attribute() != null) ps.setString(i++, by.attribute());
    ps.setString(i++, value);
    return i;
  }
}
