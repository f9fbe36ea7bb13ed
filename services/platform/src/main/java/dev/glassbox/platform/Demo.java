package dev.glassbox.platform;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.core.json.Json;
import dev.glassbox.platform.DemoData.DemoCall;
import java.io.PrintStream;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Posts the bundled demo calls to a running platform, waits until the store holds every accepted one,
 * and prints what Glassbox found. Earlier demo rows are deleted first so that the timing is real.
 */
public final class Demo {

  public static final int BATCH = 50;

  /** One of the least-grounded responses. */
  public record Row(String callId, double grounding, String response, String url) {}

  /** One drift report of a demo series: the window, its verdict, its strongest test and its largest change. */
  public record DriftLine(String series, String windowStart, String windowEnd, int calls, boolean drifted,
      String strongestTest, double adjustedP, String topChange) {}

  /**
   * What the demo saw; {@code complete} is false when it gave up waiting.
   *
   * @param driftWindowCalls the drift service's count windows (0: hourly windows, none closes during the demo)
   * @param driftExpected reports the closed windows should have produced
   */
  public record Summary(int sent, int accepted, int rejected, int stored, int flagged, int flaggedHallucinated,
      int labelledHallucinated, int flaggedCorrect, int labelledCorrect, double seconds, boolean complete,
      List<Row> leastGrounded, int driftWindowCalls, int driftExpected, List<DriftLine> drift) {}

  /** How long the demo waits for drift reports once every call is stored. */
  private static final Duration DRIFT_WAIT = Duration.ofSeconds(90);

  private final Platform platform;
  private final PrintStream out;

  public Demo(Platform platform, PrintStream out) {
    this.platform = platform;
    this.out = out;
  }

  public Summary run(List<DemoCall> calls, Duration timeout) throws Exception {
    try (Connection db = platform.pg().connect()) {
      clearEarlierRun(db, calls);
      long t0 = System.nanoTime();
      Posted posted = post(calls);
      String[] ids = posted.accepted().toArray(String[]::new);
      int stored = awaitStored(db, ids, t0, timeout);
      double seconds = Platform.secondsSince(t0);
      boolean complete = stored >= ids.length;
      if (!complete) {
        out.printf("Gave up waiting after %d s: %d of %d accepted calls are not stored; see %s%n",
            timeout.toSeconds(), ids.length - stored, ids.length, platform.settings().dataDir().resolve("logs"));
      }
      Set<String> acceptedIds = new HashSet<>(posted.accepted());
      Set<String> flaggedIds = new HashSet<>(strings(db,
          "select call_id from explanations where call_id = any(?) and flagged", ids));
      Labels labels = Labels.of(calls, acceptedIds, flaggedIds);
      // The pages need the store's token; in the link, a browser's first visit turns it into a cookie.
      List<Row> least = leastGrounded(db, ids, platform.service("store").baseUrl(),
          "?access_token=" + platform.storeToken());
      int w = driftWindowCalls();
      int expected = expectedDriftReports(calls, acceptedIds, w);
      if (w > 0) awaitDriftReports(db, demoApps(calls), expected);
      return new Summary(calls.size(), posted.accepted().size(), posted.rejected(), stored, flaggedIds.size(),
          labels.flaggedHallucinated(), labels.hallucinated(), labels.flaggedCorrect(), labels.correct(), seconds,
          complete, least, w, expected, driftLines(db, demoApps(calls)));
    }
  }

  /** What ingest answered for all batches together. */
  private record Posted(List<String> accepted, int rejected) {}

  /** How many accepted calls carry each label, and how many of those were flagged. */
  private record Labels(int flaggedHallucinated, int hallucinated, int flaggedCorrect, int correct) {
    static Labels of(List<DemoCall> calls, Set<String> acceptedIds, Set<String> flaggedIds) {
      int fh = 0, lh = 0, fc = 0, lc = 0;
      for (DemoCall c : calls) {
        if (c.hallucinated() == null || !acceptedIds.contains(c.id())) continue;
        boolean flagged = flaggedIds.contains(c.id());
        if (c.hallucinated()) {
          lh++;
          if (flagged) fh++;
        } else {
          lc++;
          if (flagged) fc++;
        }
      }
      return new Labels(fh, lh, fc, lc);
    }
  }

  /** Deletes the demo's calls and drift reports of an earlier run, so that the timing is real. */
  private void clearEarlierRun(Connection db, List<DemoCall> calls) throws SQLException {
    int removed = deleteEarlierRows(db, calls);
    try (PreparedStatement ps = db.prepareStatement("delete from drift_reports where app = any(?)")) {
      ps.setArray(1, db.createArrayOf("text", demoApps(calls)));
      ps.executeUpdate();
    }
    if (removed > 0) out.println("Removed " + removed + " demo calls stored by an earlier run.");
  }

  /** Posts the calls as NDJSON in batches of {@link #BATCH}; fails on a server error or an empty answer. */
  private Posted post(List<DemoCall> calls) throws Exception {
    String ingestUrl = platform.service("ingest").baseUrl();
    IngestClient ingest = platform.ingestClient();
    out.printf("Posting %d demo calls to %s/v1/calls in batches of %d (NDJSON)...%n", calls.size(), ingestUrl, BATCH);
    List<String> accepted = new ArrayList<>();
    int rejected = 0;
    for (int i = 0; i < calls.size(); i += BATCH) {
      List<String> lines = calls.subList(i, Math.min(calls.size(), i + BATCH)).stream().map(DemoCall::json).toList();
      IngestClient.Result r = ingest.postNdjson(lines);
      if (r.status() >= 500 || (r.accepted().isEmpty() && r.rejectedCount() == 0)) {
        throw new IllegalStateException("ingest answered HTTP " + r.status() + ": " + r.body());
      }
      accepted.addAll(r.accepted());
      rejected += r.rejectedCount();
    }
    return new Posted(accepted, rejected);
  }

  /**
   * Polls until every id has an explanation or the timeout passes, printing the progress (in place on a terminal,
   * every 5 s otherwise); returns how many are stored.
   */
  private int awaitStored(Connection db, String[] ids, long t0, Duration timeout) throws Exception {
    boolean tty = System.console() != null;
    long deadline = System.nanoTime() + timeout.toNanos();
    long lastLine = 0;
    int stored;
    while (true) {
      stored = count(db, "select count(*) from explanations where call_id = any(?)", ids);
      long now = System.nanoTime();
      if (tty || stored == ids.length || now - lastLine > 5_000_000_000L) {
        String line = String.format("  explained and stored %d / %d (%.0f s)", stored, ids.length,
            Platform.secondsSince(t0));
        if (tty) out.print("\r" + line);
        else out.println(line);
        lastLine = now;
      }
      if (stored >= ids.length || now > deadline) break;
      Thread.sleep(500);
    }
    if (tty) out.println();
    return stored;
  }

  /**
   * Drift windows are counted per tenant, app and model; with count windows of w calls and the first window as the
   * reference, a series of n calls closes n / w windows and so gives n / w - 1 reports.
   */
  private static int expectedDriftReports(List<DemoCall> calls, Set<String> acceptedIds, int w) {
    if (w <= 0) return 0;
    Map<String, Integer> perSeries = new TreeMap<>();
    for (DemoCall c : calls) {
      if (acceptedIds.contains(c.id())) perSeries.merge(seriesOf(c), 1, Integer::sum);
    }
    int expected = 0;
    for (int n : perSeries.values()) expected += Math.max(0, n / w - 1);
    return expected;
  }

  /** Waits up to {@link #DRIFT_WAIT} for the expected reports; the summary says how many arrived. */
  private static void awaitDriftReports(Connection db, String[] apps, int expected) throws Exception {
    long driftDeadline = System.nanoTime() + DRIFT_WAIT.toNanos();
    while (count(db, DEMO_DRIFT_COUNT, apps) < expected && System.nanoTime() < driftDeadline) {
      Thread.sleep(500);
    }
  }

  /** Prints the summary table and the least-grounded responses. */
  public void print(Summary s) {
    out.println();
    out.println("Glassbox demo summary");
    out.printf("  %-18s %6d%n", "calls sent", s.sent());
    out.printf("  %-18s %6d%n", "accepted", s.accepted());
    out.printf("  %-18s %6d%n", "rejected", s.rejected());
    out.printf("  %-18s %6d%n", "stored", s.stored());
    out.printf("  %-18s %6d   (labelled hallucinated: %d of %d flagged; labelled correct: %d of %d flagged)%n",
        "flagged", s.flagged(), s.flaggedHallucinated(), s.labelledHallucinated(), s.flaggedCorrect(),
        s.labelledCorrect());
    out.printf(Locale.ROOT, "  %-18s %6.1f s%n", "time to summary", s.seconds());
    out.println();
    out.println("Least-grounded responses (grounding: 1 = every sentence supported by the context, 0 = none):");
    out.printf("  %-28s %9s  %-62s %s%n", "call id", "grounding", "response", "explanation");
    for (Row r : s.leastGrounded()) {
      out.printf(Locale.ROOT, "  %-28s %9.3f  %-62s %s%n", r.callId(), r.grounding(), "\"" + r.response() + "\"",
          r.url());
    }
    if (s.leastGrounded().isEmpty()) out.println("  (no stored call has a grounding score)");
    out.println();
    if (s.driftWindowCalls() == 0) {
      out.println("Drift: hourly windows (at least 100 calls each); none closes during the demo.");
      return;
    }
    out.printf("Drift: windows of %d calls per tenant/app/model, each compared with the first (fixed reference);%n"
        + "  %d of %d expected reports arrived. Tests: MMD and classifier on embeddings, KS per signal, Holm at 0.05.%n",
        s.driftWindowCalls(), s.drift().size(), s.driftExpected());
    out.printf("  %-22s %-22s %5s %-7s %-26s %s%n", "series", "window start", "calls", "drifted",
        "strongest test (Holm p)", "largest change");
    for (DriftLine d : s.drift()) {
      out.printf(Locale.ROOT, "  %-22s %-22s %5d %-7s %-26s %s%n", d.series(), d.windowStart(), d.calls(),
          d.drifted() ? "YES" : "no", String.format(Locale.ROOT, "%s (%.3f)", d.strongestTest(), d.adjustedP()),
          d.topChange());
    }
    out.println("  JSON: curl -H 'Authorization: Bearer " + platform.storeToken() + "' "
        + platform.service("store").baseUrl() + "/api/drift");
  }

  private static final String DEMO_DRIFT_COUNT = "select count(*) from drift_reports where app = any(?)";

  private int driftWindowCalls() {
    String w = platform.settings().env().getOrDefault("drift", Map.of()).get("GLASSBOX_DRIFT_WINDOW_CALLS");
    return w == null ? 0 : Integer.parseInt(w);
  }

  private static JsonNode tree(String json) {
    try {
      return Json.readTree(json);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String seriesOf(DemoCall c) {
    JsonNode n = tree(c.json());
    return n.path("tenant").asText("default") + "/" + n.path("app").asText() + "/" + n.path("model").asText();
  }

  private static String[] demoApps(List<DemoCall> calls) {
    return calls.stream().map(c -> tree(c.json()).path("app").asText()).distinct().toArray(String[]::new);
  }

  /** The demo series' reports in window order, read from PostgreSQL as the store wrote them. */
  private static List<DriftLine> driftLines(Connection db, String[] apps) throws SQLException {
    List<DriftLine> out = new ArrayList<>();
    String sql = "select tenant || '/' || app || '/' || model, window_start, window_end, calls, drifted, report::text"
        + " from drift_reports where app = any(?) order by app, model, tenant, window_start";
    try (PreparedStatement ps = db.prepareStatement(sql)) {
      ps.setArray(1, db.createArrayOf("text", apps));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          JsonNode r = tree(rs.getString(6));
          String test = "";
          double p = 1;
          for (JsonNode t : r.path("tests")) {
            if (test.isEmpty() || t.path("adjusted_p_value").asDouble(1) < p) {
              test = t.path("name").asText();
              p = t.path("adjusted_p_value").asDouble(1);
            }
          }
          JsonNode top = r.path("changes").path(0);
          String change = top.isMissingNode() ? "" : String.format(Locale.ROOT, "%s %.0f%% -> %.0f%%",
              excerpt(top.path("name").asText(), 40), 100 * top.path("reference").asDouble(),
              100 * top.path("window").asDouble());
          out.add(new DriftLine(rs.getString(1), rs.getTimestamp(2).toInstant().toString(),
              rs.getTimestamp(3).toInstant().toString(), rs.getInt(4), rs.getBoolean(5), test, p, change));
        }
      }
    }
    return out;
  }

  private static int deleteEarlierRows(Connection db, List<DemoCall> calls) throws SQLException {
    String[] ids = calls.stream().map(DemoCall::id).toArray(String[]::new);
    // Deleting the call cascades to its explanation, sentences and tokens.
    try (PreparedStatement ps = db.prepareStatement("delete from calls where call_id = any(?)")) {
      ps.setArray(1, db.createArrayOf("text", ids));
      return ps.executeUpdate();
    }
  }

  private static List<Row> leastGrounded(Connection db, String[] ids, String storeUrl, String token)
      throws SQLException {
    List<Row> rows = new ArrayList<>();
    try (PreparedStatement ps = db.prepareStatement("select e.call_id, e.grounding_score, c.response "
        + "from explanations e join calls c on c.tenant = e.tenant and c.call_id = e.call_id "
        + "where e.call_id = any(?) and e.grounding_score is not null "
        + "order by e.grounding_score asc, e.call_id limit 5")) {
      ps.setArray(1, db.createArrayOf("text", ids));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String id = rs.getString(1);
          rows.add(new Row(id, rs.getDouble(2), excerpt(rs.getString(3), 60), storeUrl + "/calls/" + id + token));
        }
      }
    }
    return rows;
  }

  /** The first {@code max} characters on one line. */
  static String excerpt(String text, int max) {
    String oneLine = text == null ? "" : text.replaceAll("\\s+", " ").strip();
    return oneLine.length() <= max ? oneLine : oneLine.substring(0, max - 3) + "...";
  }

  static int count(Connection db, String sql, String[] ids) throws SQLException {
    try (PreparedStatement ps = db.prepareStatement(sql)) {
      Array a = db.createArrayOf("text", ids);
      ps.setArray(1, a);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private static List<String> strings(Connection db, String sql, String[] ids) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps = db.prepareStatement(sql)) {
      ps.setArray(1, db.createArrayOf("text", ids));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(rs.getString(1));
      }
    }
    return out;
  }
}
