package dev.glassbox.platform;

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
import java.util.Set;

/**
 * Posts the bundled demo calls to a running platform, waits until the store holds every accepted one,
 * and prints what Glassbox found. Earlier demo rows are deleted first so that the timing is real.
 */
public final class Demo {

  public static final int BATCH = 50;

  /** One of the least-grounded responses. */
  public record Row(String callId, double grounding, String response, String url) {}

  /** What the demo saw; {@code complete} is false when it gave up waiting. */
  public record Summary(int sent, int accepted, int rejected, int stored, int flagged, int flaggedHallucinated,
      int labelledHallucinated, int flaggedCorrect, int labelledCorrect, double seconds, boolean complete,
      List<Row> leastGrounded) {}

  private final Platform platform;
  private final PrintStream out;

  public Demo(Platform platform, PrintStream out) {
    this.platform = platform;
    this.out = out;
  }

  public Summary run(List<DemoCall> calls, Duration timeout) throws Exception {
    String storeUrl = platform.service("store").baseUrl();
    IngestClient ingest = new IngestClient(platform.service("ingest").baseUrl());
    try (Connection db = platform.pg().connect()) {
      int removed = deleteEarlierRows(db, calls);
      if (removed > 0) out.println("Removed " + removed + " demo calls stored by an earlier run.");

      out.printf("Posting %d demo calls to %s/v1/calls in batches of %d (NDJSON)...%n", calls.size(),
          platform.service("ingest").baseUrl(), BATCH);
      long t0 = System.nanoTime();
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

      String[] ids = accepted.toArray(String[]::new);
      boolean tty = System.console() != null;
      long deadline = System.nanoTime() + timeout.toNanos();
      long lastLine = 0;
      int stored = 0;
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
      double seconds = Platform.secondsSince(t0);
      boolean complete = stored >= ids.length;
      if (!complete) {
        out.printf("Gave up waiting after %d s: %d of %d accepted calls are not stored; see %s%n",
            timeout.toSeconds(), ids.length - stored, ids.length, platform.settings().dataDir().resolve("logs"));
      }

      Set<String> flaggedIds = new HashSet<>(strings(db,
          "select call_id from explanations where call_id = any(?) and flagged", ids));
      Set<String> acceptedIds = new HashSet<>(accepted);
      int fh = 0, lh = 0, fc = 0, lc = 0;
      for (DemoCall c : calls) {
        if (c.hallucinated() == null || !acceptedIds.contains(c.id())) continue;
        if (c.hallucinated()) {
          lh++;
          if (flaggedIds.contains(c.id())) fh++;
        } else {
          lc++;
          if (flaggedIds.contains(c.id())) fc++;
        }
      }
      List<Row> least = leastGrounded(db, ids, storeUrl);
      return new Summary(calls.size(), accepted.size(), rejected, stored, flaggedIds.size(), fh, lh, fc, lc, seconds,
          complete, least);
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
  }

  private static int deleteEarlierRows(Connection db, List<DemoCall> calls) throws SQLException {
    String[] ids = calls.stream().map(DemoCall::id).toArray(String[]::new);
    // Deleting the call cascades to its explanation, sentences and tokens.
    try (PreparedStatement ps = db.prepareStatement("delete from calls where call_id = any(?)")) {
      ps.setArray(1, db.createArrayOf("text", ids));
      return ps.executeUpdate();
    }
  }

  private static List<Row> leastGrounded(Connection db, String[] ids, String storeUrl) throws SQLException {
    List<Row> rows = new ArrayList<>();
    try (PreparedStatement ps = db.prepareStatement("select e.call_id, e.grounding_score, c.response "
        + "from explanations e join calls c on c.call_id = e.call_id "
        + "where e.call_id = any(?) and e.grounding_score is not null "
        + "order by e.grounding_score asc, e.call_id limit 5")) {
      ps.setArray(1, db.createArrayOf("text", ids));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String id = rs.getString(1);
          rows.add(new Row(id, rs.getDouble(2), excerpt(rs.getString(3), 60), storeUrl + "/calls/" + id));
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
