package dev.glassbox.store;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Calls, explanations and verdicts with chosen scores, written with {@code COPY} as the test database's superuser
 * (COPY into tables under forced row-level security must bypass it). COPY fires the verdict trigger like an insert.
 */
final class QueueRows {

  /**
   * One stored call as the queue sees it.
   *
   * @param score null for a call with nothing checkable
   * @param modelVersion the hallucination model version of the explanation's provenance
   */
  record QueueCall(String tenant, String callId, String app, String model, Instant ts, Double score,
      double threshold, int modelVersion, String glassboxVersion) {

    boolean flagged() {
      return score != null && score >= threshold;
    }
  }

  /** A verdict to append. */
  record Verdict(String tenant, String callId, String reviewer, String verdict) {}

  private QueueRows() {}

  /** A superuser connection to the application's database. */
  static Connection superuser() throws SQLException {
    return DriverManager.getConnection(
        ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class), "postgres", "postgres");
  }

  /** COPYs the calls and their explanations, then the verdicts, then refreshes the planner's statistics. */
  static void copy(Collection<QueueCall> calls, List<Verdict> verdicts) throws SQLException, IOException {
    StringBuilder callLines = new StringBuilder();
    StringBuilder explanationLines = new StringBuilder();
    for (QueueCall q : calls) {
      line(callLines, q.callId(), q.tenant(), q.app(), q.model(), q.ts(), "The response of " + q.callId() + ".");
      String json = "{\"provenance\": {\"glassbox_version\": \"" + q.glassboxVersion()
          + "\", \"hallucination_model_version\": " + q.modelVersion() + "}}";
      line(explanationLines, q.callId(), q.tenant(), q.app(), q.model(), q.ts(), q.score(), q.flagged(),
          q.threshold(), q.score() == null ? "none" : "context", "Summary of " + q.callId() + ".", 1, json);
    }
    StringBuilder verdictLines = new StringBuilder();
    for (Verdict v : verdicts) line(verdictLines, v.tenant(), v.callId(), v.reviewer(), v.verdict());
    try (Connection c = superuser()) {
      CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
      copy.copyIn("COPY calls (call_id, tenant, app, model, ts, response) FROM STDIN",
          new StringReader(callLines.toString()));
      copy.copyIn("COPY explanations (call_id, tenant, app, model, ts, hallucination_score, flagged, threshold,"
          + " evidence, summary, encoder_passes, explanation) FROM STDIN", new StringReader(explanationLines.toString()));
      copy.copyIn("COPY reviewer_verdicts (tenant, call_id, reviewer, verdict) FROM STDIN",
          new StringReader(verdictLines.toString()));
      try (Statement s = c.createStatement()) {
        s.execute("ANALYZE calls, explanations, reviewer_verdicts");
      }
    }
  }

  /** One line of COPY text: tab-separated, {@code \N} for null; the values here hold no tab, newline or backslash. */
  private static void line(StringBuilder sb, Object... values) {
    for (int i = 0; i < values.length; i++) {
      if (i > 0) sb.append('\t');
      sb.append(values[i] == null ? "\\N" : values[i].toString());
    }
    sb.append('\n');
  }
}
