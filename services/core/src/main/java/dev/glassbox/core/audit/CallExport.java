package dev.glassbox.core.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.core.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Stored calls with their explanation and reviewer verdicts as call v1 JSON lines over plain JDBC, so
 * {@code glassbox export} and {@code GET /api/export} write the same rows the same way.
 *
 * <p>Each line is a call v1 object ({@code glassbox eval} and {@code train} read it as is): the call as the store
 * holds it (redacted), {@code labels.hallucinated} from the latest reviewer verdict ({@code hallucinated} true,
 * {@code correct} false, {@code unsure} or none: no label) and its sentence verdicts as {@code labels.sentences}, and the stored explanation and every verdict, oldest
 * first, under {@code glassbox}, a field call v1 readers ignore. Log-probs are not stored, so lines carry none.
 */
public final class CallExport {

  /** Rows fetched per round trip: the result streams through a cursor rather than loading whole. */
  static final int FETCH_SIZE = 500;

  private static final String VERDICTS = "(SELECT json_agg(json_build_object('reviewer', v.reviewer, 'verdict',"
      + " v.verdict, 'sentences', v.sentences, 'note', v.note, 'created_at', v.created_at) ORDER BY v.id)"
      + " FROM reviewer_verdicts v WHERE v.tenant = e.tenant AND v.call_id = e.call_id)";

  private static final String WHERE = " FROM explanations e WHERE e.app = ? AND e.ts >= ? AND e.ts < ?"
      + " AND (CAST(? AS text) IS NULL OR e.tenant = ?) AND (NOT ? OR e.flagged)"
      + " AND (NOT ? OR EXISTS (SELECT 1 FROM reviewer_verdicts r WHERE r.tenant = e.tenant"
      + " AND r.call_id = e.call_id))";

  /** The one query of every export: tenant, call id, the explanation and the verdicts as JSON text. */
  private static final String SELECT = "SELECT e.tenant, e.call_id, e.explanation::text, " + VERDICTS + "::text"
      + WHERE + " ORDER BY e.ts, e.tenant, e.call_id";

  private static final String COUNT = "SELECT count(*)" + WHERE;

  /**
   * What to export: one app's calls explained with a timestamp in [{@code since}, {@code until}), optionally one
   * tenant's only (null: all), only flagged ones, only ones with at least one reviewer verdict.
   */
  public record Filter(String app, Instant since, Instant until, String tenant, boolean flagged, boolean reviewed) {

    public Filter {
      if (app == null || app.isBlank()) throw new IllegalArgumentException("app is required");
      if (since == null || until == null) throw new IllegalArgumentException("since and until are required");
      if (!since.isBefore(until)) throw new IllegalArgumentException("since must be before until");
      if (tenant != null && tenant.isBlank()) tenant = null;
    }

    /** The filter as the audit row's detail records it. */
    public Map<String, Object> detail(long rows) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("app", app);
      d.put("since", since.toString());
      d.put("until", until.toString());
      d.put("flagged", flagged);
      d.put("reviewed", reviewed);
      d.put("rows", rows);
      return d;
    }
  }

  private CallExport() {}

  /** How many calls {@link #write} would write (for a progress bar). */
  public static long count(Connection c, Filter f) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(COUNT)) {
      bind(ps, f);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /**
   * Writes one line per matching call to {@code out}, calling {@code progress} after each; returns the count. Runs
   * in a transaction of its own on {@code c} (a PostgreSQL cursor streams only inside one) and rolls it back.
   */
  public static long write(Connection c, Filter f, OutputStream out, LongConsumer progress)
      throws SQLException, IOException {
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try (PreparedStatement ps = c.prepareStatement(SELECT)) {
      ps.setFetchSize(FETCH_SIZE);
      bind(ps, f);
      long rows = 0;
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.write(line(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
          out.write('\n');
          progress.accept(++rows);
        }
      }
      out.flush();
      return rows;
    } finally {
      c.rollback();
      c.setAutoCommit(autoCommit);
    }
  }

  private static void bind(PreparedStatement ps, Filter f) throws SQLException {
    ps.setString(1, f.app());
    ps.setTimestamp(2, Timestamp.from(f.since()));
    ps.setTimestamp(3, Timestamp.from(f.until()));
    ps.setString(4, f.tenant());
    ps.setString(5, f.tenant());
    ps.setBoolean(6, f.flagged());
    ps.setBoolean(7, f.reviewed());
  }

  /** One stored row as a call v1 JSON line (without the newline). */
  static byte[] line(String tenant, String callId, String explanationJson, String verdictsJson) {
    try {
      JsonNode explanation = Json.readTree(explanationJson);
      ArrayNode verdicts = verdictsJson == null ? Json.mapper().createArrayNode()
          : (ArrayNode) Json.readTree(verdictsJson);
      ObjectNode n = Json.mapper().createObjectNode();
      n.put("id", callId);
      n.set("timestamp", explanation.get("timestamp"));
      n.set("app", explanation.get("app"));
      n.set("model", explanation.get("model"));
      n.put("tenant", tenant);
      JsonNode call = explanation.path("call");
      for (String field : List.of("prompt", "response", "context", "samples", "attributes")) {
        JsonNode v = call.get(field);
        if (v != null && !v.isNull()) n.set(field, v);
      }
      ObjectNode labels = n.putObject("labels");
      Boolean label = label(verdicts);
      if (label != null) labels.put("hallucinated", label);
      ArrayNode sentences = sentenceLabels(verdicts, explanation);
      if (!sentences.isEmpty()) labels.set("sentences", sentences);
      ObjectNode glassbox = n.putObject("glassbox");
      glassbox.set("explanation", explanation);
      glassbox.set("verdicts", verdicts);
      return Json.mapper().writeValueAsString(n).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON of call " + callId + " cannot be read: " + Json.shortMessage(e));
    }
  }

  /**
   * The latest verdict's sentence verdicts as {@code labels.sentences} ({@code start}, {@code end} into the response,
   * {@code hallucinated}), the form eval and train read; a sentence named by index takes the explanation's offsets,
   * and unsure ones give no label.
   */
  static ArrayNode sentenceLabels(ArrayNode verdictsOldestFirst, JsonNode explanation) {
    ArrayNode out = Json.mapper().createArrayNode();
    if (verdictsOldestFirst.isEmpty()) return out;
    JsonNode explained = explanation.path("hallucination").path("sentences");
    for (JsonNode s : verdictsOldestFirst.get(verdictsOldestFirst.size() - 1).path("sentences")) {
      String verdict = s.path("verdict").asText();
      if (!verdict.equals("hallucinated") && !verdict.equals("correct")) continue;
      JsonNode span = s.hasNonNull("index") ? explained.path(s.get("index").asInt()) : s;
      if (!span.hasNonNull("start") || !span.hasNonNull("end")) continue;
      out.addObject().put("start", span.get("start").asInt()).put("end", span.get("end").asInt())
          .put("hallucinated", verdict.equals("hallucinated"));
    }
    return out;
  }

  /** The latest verdict as a label: hallucinated true, correct false, unsure (or no verdict) none. */
  static Boolean label(ArrayNode verdictsOldestFirst) {
    if (verdictsOldestFirst.isEmpty()) return null;
    return switch (verdictsOldestFirst.get(verdictsOldestFirst.size() - 1).path("verdict").asText()) {
      case "hallucinated" -> Boolean.TRUE;
      case "correct" -> Boolean.FALSE;
      default -> null;
    };
  }
}
