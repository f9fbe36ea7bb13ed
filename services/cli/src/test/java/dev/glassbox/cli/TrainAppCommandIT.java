package dev.glassbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.core.appmodel.AppModel;
import dev.glassbox.core.call.CallCodec;
import dev.glassbox.core.explain.CallExplainer;
import dev.glassbox.core.explain.ExplainerSettings;
import dev.glassbox.core.explain.HashingEncoder;
import dev.glassbox.core.explanation.Explanation;
import dev.glassbox.core.explanation.ExplanationCodec;
import dev.glassbox.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code glassbox train --app} against a real PostgreSQL migrated by the store's Flyway scripts: the app's reviewed
 * calls are read with the export's query, unsure verdicts are left out, too few verdicts are refused, and the
 * model file names its app and verdicts the same whether read from the store or from an export file.
 */
class TrainAppCommandIT {

  private static final int CALLS = 160;
  private static MigratedStore store;
  private static String url;

  @TempDir
  Path dir;

  @BeforeAll
  static void storeReviewedCallsOfOneApp() throws Exception {
    store = MigratedStore.start();
    url = store.url();
    CallExplainer explainer = new CallExplainer(new HashingEncoder(), ExplainerSettings.DEFAULT);
    try (Connection c = DriverManager.getConnection(url, "glassbox", "glassbox")) {
      c.createStatement().execute("SET ROLE glassbox_writer");
      for (int i = 0; i < CALLS; i++) {
        boolean wrong = i % 2 == 0;
        Explanation e = explainer.explain(new CallCodec().decode(call(i, wrong)).call());
        stored(c, e);
        // Reviewers mostly agree with the truth; every eighth is judged the other way, every sixteenth is unsure.
        String verdict = i % 16 == 3 ? "unsure" : (wrong != (i % 8 == 5)) ? "hallucinated" : "correct";
        verdict(c, e.callId(), verdict);
      }
    }
  }

  private static String call(int i, boolean wrong) {
    String answer = wrong ? "The Eiffel Tower is in Rome and opened in " + (1700 + i) + " for the pope."
        : "The Eiffel Tower is in Paris and was completed in 1889.";
    return """
        {"id": "c-%d", "timestamp": "2026-01-01T10:%02d:00Z", "app": "bot", "model": "m", "tenant": "acme",
         "prompt": "Where is the Eiffel Tower and when was it finished? Visitor %d asks.",
         "response": %s,
         "context": [{"id": "kb-17", "text": "The Eiffel Tower is a wrought-iron tower in Paris, completed in 1889."}]}
        """.formatted(i, i % 60, i, Json.string(answer));
  }

  private static void stored(Connection c, Explanation e) throws Exception {
    try (PreparedStatement call = c.prepareStatement("INSERT INTO calls (call_id, tenant, app, model, ts)"
        + " VALUES (?, 'acme', 'bot', 'm', ?::timestamptz)");
         PreparedStatement ex = c.prepareStatement("INSERT INTO explanations (call_id, tenant, app, model, ts,"
             + " flagged, encoder_passes, explanation) VALUES (?, 'acme', 'bot', 'm', ?::timestamptz, ?, 1, ?::jsonb)")) {
      call.setString(1, e.callId());
      call.setString(2, e.timestamp());
      call.executeUpdate();
      ex.setString(1, e.callId());
      ex.setString(2, e.timestamp());
      ex.setBoolean(3, e.hallucination().flagged());
      ex.setString(4, ExplanationCodec.encodeString(e));
      ex.executeUpdate();
    }
  }

  private static void verdict(Connection c, String id, String verdict) throws Exception {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO reviewer_verdicts (tenant, call_id, reviewer,"
        + " verdict) VALUES ('acme', ?, 'rita', ?)")) {
      ps.setString(1, id);
      ps.setString(2, verdict);
      ps.executeUpdate();
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (store != null) store.close();
  }

  /** Runs the CLI; returns its exit status and what it printed. */
  private static Object[] run(String... args) {
    PrintStream stdout = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    int exit;
    try {
      System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
      CommandLine cli = new CommandLine(new Glassbox());
      cli.setErr(new PrintWriter(err));
      exit = cli.execute(args);
    } finally {
      System.setOut(stdout);
    }
    return new Object[] {exit, printed.toString(StandardCharsets.UTF_8) + err};
  }

  private List<String> fromStore(String app, Path out, String... more) {
    List<String> args = new ArrayList<>(List.of("train", "--from-store", "--app", app, "--jdbc-url", url, "--user",
        "glassbox", "--password", "glassbox", "--out", out.toString()));
    args.addAll(List.of(more));
    return args;
  }

  @Test
  void theAppsVerdictsCalibrateItAndTheFileNamesTheAppVerdictsAndFigures() throws Exception {
    Path out = dir.resolve("bot.json");
    Object[] r = run(fromStore("bot", out, "--target-precision", "0.8").toArray(String[]::new));
    assertEquals(0, r[0], (String) r[1]);
    assertTrue(((String) r[1]).contains("calibration 5-fold cross-validated on 150 calls"), (String) r[1]);
    AppModel m = AppModel.read(Files.readAllBytes(out));
    assertEquals("bot", m.app());
    assertEquals(150, m.verdicts().count());
    assertEquals(10, m.verdicts().unsureIgnored());
    assertTrue(m.verdicts().from() != null && m.verdicts().to() != null);
    assertEquals(150, m.cv().n());
    assertTrue(m.cv().auroc() > 0.7, "the hashed encoder still separates Rome from Paris: " + m.cv().auroc());
    assertNull(m.model(), "150 verdicts calibrate but do not re-learn the whole model");
    assertTrue(m.threshold() == null || m.cv().precision().estimate() >= 0.8, m.cv().toString());
  }

  @Test
  void anExportFileGivesTheSameVerdictsAsTheStore() throws Exception {
    Path export = dir.resolve("bot.jsonl");
    Object[] exported = run("export", "--jdbc-url", url, "--user", "glassbox", "--password", "glassbox", "--app", "bot",
        "--since", "2026-01-01T00:00:00Z", "--until", "2026-01-02T00:00:00Z", "--quiet", "--out", export.toString());
    assertEquals(0, exported[0], (String) exported[1]);
    Path fromFile = dir.resolve("file.json"), fromDb = dir.resolve("db.json");
    assertEquals(0, run("train", "--in", export.toString(), "--app", "bot", "--out", fromFile.toString())[0]);
    assertEquals(0, run(fromStore("bot", fromDb).toArray(String[]::new))[0]);
    AppModel a = AppModel.read(Files.readAllBytes(fromFile)), b = AppModel.read(Files.readAllBytes(fromDb));
    assertEquals(a.verdicts(), b.verdicts());
    assertEquals(a.calibration(), b.calibration());
  }

  @Test
  void tooFewVerdictsAreRefusedWithTheReasonAndNothingIsWritten() {
    Path out = dir.resolve("nobody.json");
    Object[] r = run(fromStore("nobody", out).toArray(String[]::new));
    assertEquals(AppTrainer.REFUSED, r[0]);
    assertTrue(((String) r[1]).contains("refused, nothing written: 0 usable verdicts"), (String) r[1]);
    assertFalse(Files.exists(out));
  }
}
