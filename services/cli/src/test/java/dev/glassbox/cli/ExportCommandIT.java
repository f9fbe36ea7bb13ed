package dev.glassbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.core.call.Call;
import dev.glassbox.core.call.CallCodec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code glassbox export} against a real PostgreSQL migrated by the store's Flyway scripts: the file it writes is
 * call v1 that the call reader reads back, labelled by the latest verdict, filtered, and the export is audited.
 */
class ExportCommandIT {

  private static MigratedStore store;
  private static String url;

  @TempDir
  Path dir;

  @BeforeAll
  static void storeThreeExplainedCallsOfTwoTenantsWithVerdicts() throws Exception {
    store = MigratedStore.start();
    url = store.url();
    try (Connection c = DriverManager.getConnection(url, "glassbox", "glassbox")) {
      c.createStatement().execute("SET ROLE glassbox_writer");
      explained(c, "acme", "a-1", "2026-01-01T10:00:00Z", true);
      explained(c, "acme", "a-2", "2026-01-01T11:00:00Z", false);
      explained(c, "globex", "g-1", "2026-01-01T12:00:00Z", true);
      explained(c, "acme", "a-late", "2026-02-01T00:00:00Z", true);
      verdict(c, "acme", "a-1", "correct");
      verdict(c, "acme", "a-1", "hallucinated");
      verdict(c, "globex", "g-1", "unsure");
    }
  }

  private static void explained(Connection c, String tenant, String id, String ts, boolean flagged)
      throws Exception {
    String explanation = "{\"call_id\":\"" + id + "\",\"app\":\"bot\",\"model\":\"m\",\"tenant\":\"" + tenant
        + "\",\"timestamp\":\"" + ts + "\",\"call\":{\"prompt\":[{\"role\":\"user\",\"content\":\"Mail [EMAIL]\"}],"
        + "\"response\":\"Answer of " + id + ".\"},\"hallucination\":{\"flagged\":" + flagged + "}}";
    try (PreparedStatement call = c.prepareStatement("INSERT INTO calls (call_id, tenant, app, model, ts)"
        + " VALUES (?, ?, 'bot', 'm', ?::timestamptz)");
         PreparedStatement e = c.prepareStatement("INSERT INTO explanations (call_id, tenant, app, model, ts,"
             + " flagged, encoder_passes, explanation) VALUES (?, ?, 'bot', 'm', ?::timestamptz, ?, 1, ?::jsonb)")) {
      call.setString(1, id);
      call.setString(2, tenant);
      call.setString(3, ts);
      call.executeUpdate();
      e.setString(1, id);
      e.setString(2, tenant);
      e.setString(3, ts);
      e.setBoolean(4, flagged);
      e.setString(5, explanation);
      e.executeUpdate();
    }
  }

  private static void verdict(Connection c, String tenant, String id, String verdict) throws Exception {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO reviewer_verdicts (tenant, call_id, reviewer,"
        + " verdict) VALUES (?, ?, 'rita', ?)")) {
      ps.setString(1, tenant);
      ps.setString(2, id);
      ps.setString(3, verdict);
      ps.executeUpdate();
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (store != null) store.close();
  }

  private static int run(String... args) {
    CommandLine cli = new CommandLine(new Glassbox());
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(new StringWriter()));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    assertEquals(0, exit, err.toString());
    return exit;
  }

  private List<Call> export(String... filters) throws Exception {
    Path out = dir.resolve("export-" + System.nanoTime() + ".jsonl");
    List<String> args = new ArrayList<>(List.of("export", "--jdbc-url", url, "--user", "glassbox", "--password",
        "glassbox", "--app", "bot", "--since", "2026-01-01T00:00:00Z", "--until", "2026-01-02T00:00:00Z", "--quiet",
        "--out", out.toString()));
    args.addAll(List.of(filters));
    run(args.toArray(String[]::new));
    List<Call> calls = new ArrayList<>();
    for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
      CallCodec.Decoded d = new CallCodec().decode(line);
      assertEquals(List.of(), d.errors(), line);
      calls.add(d.call());
    }
    return calls;
  }

  private static List<String> ids(List<Call> calls) {
    return calls.stream().map(Call::id).toList();
  }

  @Test
  void theFileIsCallV1InTimeOrderLabelledByTheLatestVerdict() throws Exception {
    List<Call> calls = export();
    assertEquals(List.of("a-1", "a-2", "g-1"), ids(calls), "the call of February is outside the window");
    assertEquals(true, calls.get(0).labels().get("hallucinated"), "hallucinated supersedes the earlier correct");
    assertFalse(calls.get(1).labels().containsKey("hallucinated"), "no verdict, no label");
    assertFalse(calls.get(2).labels().containsKey("hallucinated"), "unsure gives no label");
    assertEquals("Mail [EMAIL]", calls.get(0).prompt().get(0).content(), "texts as stored (redacted)");
    assertEquals("Answer of a-1.", calls.get(0).response());
    assertEquals(Instant.parse("2026-01-01T10:00:00Z"), calls.get(0).timestamp());
  }

  @Test
  void filtersNarrowByTenantFlagAndReview() throws Exception {
    assertEquals(List.of("a-1", "a-2"), ids(export("--tenant", "acme")));
    assertEquals(List.of("a-1", "g-1"), ids(export("--flagged")));
    assertEquals(List.of("a-1", "g-1"), ids(export("--reviewed")));
    assertEquals(List.of("a-1"), ids(export("--reviewed", "--tenant", "acme", "--flagged")));
  }

  @Test
  void theExportIsInTheAuditLogUnderTheGivenActor() throws Exception {
    export("--tenant", "globex", "--actor", "auditor-ann");
    try (Connection c = DriverManager.getConnection(url, "glassbox", "glassbox"); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT target, detail FROM audit_log WHERE action = 'export'"
             + " AND actor = 'auditor-ann' AND tenant = 'globex'")) {
      assertTrue(rs.next(), "the export is audited");
      assertEquals("bot", rs.getString(1));
      assertTrue(rs.getString(2).contains("\"rows\":1"), rs.getString(2));
    }
  }
}
