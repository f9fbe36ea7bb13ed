package dev.glassbox.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.core.call.CallKey;
import dev.glassbox.core.explanation.Explanation;
import dev.glassbox.store.Retention.Table;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retention against a real PostgreSQL, as the store's writer role: only rows past each table's days go, in batches. */
class RetentionIT {

  private MigratedDatabase db;
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  @BeforeEach
  void start() throws Exception {
    db = MigratedDatabase.start();
  }

  @AfterEach
  void stop() throws Exception {
    db.close();
  }

  private String daysAgo(int days) {
    return now.minus(Duration.ofDays(days)).toString();
  }

  private void store(String prefix, int n, int daysAgo) throws Exception {
    List<Explanation> batch = new ArrayList<>();
    for (int i = 0; i < n; i++) batch.add(Explanations.full(prefix + i, daysAgo(daysAgo)));
    new ExplanationRepository(db.writer()).writeExplanations(batch);
  }

  private void storeDriftReport(int windowEndDaysAgo, int hour) throws Exception {
    String json = "{\"app\":\"bot\",\"model\":\"m\",\"tenant\":\"acme\",\"window_start\":\""
        + now.minus(Duration.ofDays(windowEndDaysAgo)).minus(Duration.ofHours(hour + 1)) + "\",\"window_end\":\""
        + now.minus(Duration.ofDays(windowEndDaysAgo)).minus(Duration.ofHours(hour)) + "\",\"calls\":100,"
        + "\"drifted\":false}";
    new DriftRepository(db.writer()).write(List.of(DriftRow.of(json.getBytes(StandardCharsets.UTF_8))));
  }

  private int count(String sql) throws Exception {
    try (Connection c = db.writer().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static Map<Table, Integer> days(int calls, int explanations, int sentences, int tokens, int drift) {
    Map<Table, Integer> d = new EnumMap<>(Table.class);
    d.put(Table.CALLS, calls);
    d.put(Table.EXPLANATIONS, explanations);
    d.put(Table.EXPLANATION_SENTENCES, sentences);
    d.put(Table.EXPLANATION_TOKENS, tokens);
    d.put(Table.DRIFT_REPORTS, drift);
    return d;
  }

  @Test
  void eachTableLosesOnlyRowsOlderThanItsDaysInBatchesOfTheConfiguredSize() throws Exception {
    store("old-", 5, 100);
    store("mid-", 2, 40);
    store("new-", 3, 1);
    for (int h = 0; h < 3; h++) storeDriftReport(400, h);
    storeDriftReport(10, 0);
    int tokensPerCall = count("SELECT count(*) FROM explanation_tokens WHERE call_id = 'new-0'");
    int sentencesPerCall = count("SELECT count(*) FROM explanation_sentences WHERE call_id = 'new-0'");
    assertTrue(tokensPerCall > 0 && sentencesPerCall > 0, "the calls must have tokens and sentences");

    Map<String, Long> heard = new LinkedHashMap<>();
    Retention retention = new Retention(db.writer(), days(90, 90, 90, 30, 365), 2);
    Retention.Run run = retention.run(now, () -> false, (t, n) -> heard.merge(t.sqlName, (long) n, Long::sum));

    Map<String, Long> expected = new LinkedHashMap<>();
    expected.put("explanation_tokens", 7L * tokensPerCall);
    expected.put("explanation_sentences", 5L * sentencesPerCall);
    expected.put("explanations", 5L);
    expected.put("calls", 5L);
    expected.put("drift_reports", 3L);
    assertEquals(expected, run.deleted());
    assertEquals(expected, heard, "every committed batch is reported as it commits");
    // A batch that comes back full is followed by another; the last one is short (possibly empty).
    expected.forEach((table, n) -> assertEquals((int) (n / 2 + 1), run.batches().get(table), table));

    assertEquals(5, count("SELECT count(*) FROM calls WHERE call_id LIKE 'mid-%' OR call_id LIKE 'new-%'"));
    assertEquals(0, count("SELECT count(*) FROM calls WHERE call_id LIKE 'old-%'"));
    assertEquals(5, count("SELECT count(*) FROM explanations"));
    assertEquals(5 * sentencesPerCall, count("SELECT count(*) FROM explanation_sentences"));
    assertEquals(3 * tokensPerCall, count("SELECT count(*) FROM explanation_tokens"), "only the new calls' tokens");
    assertEquals(0, count("SELECT count(*) FROM explanation_tokens WHERE call_id LIKE 'mid-%'"));
    assertEquals(1, count("SELECT count(*) FROM drift_reports"));

    Retention.Run again = retention.run(now, () -> false, (t, n) -> {});
    again.deleted().forEach((table, n) -> assertEquals(0L, n, table));
  }

  @Test
  void zeroDaysKeepsATableForeverAndDeletingACallTakesItsExplanationAlong() throws Exception {
    store("old-", 3, 1000);
    storeDriftReport(1000, 0);
    Retention.Run run = new Retention(db.writer(), days(0, 0, 0, 0, 0), 10).run(now, () -> false, (t, n) -> {});
    assertEquals(Map.of(), run.deleted());
    assertEquals(3, count("SELECT count(*) FROM explanations"));

    run = new Retention(db.writer(), days(30, 0, 0, 0, 0), 10).run(now, () -> false, (t, n) -> {});
    assertEquals(Map.of("calls", 3L), run.deleted());
    for (String table : List.of("calls", "explanations", "explanation_sentences", "explanation_tokens")) {
      assertEquals(0, count("SELECT count(*) FROM " + table), table);
    }
    assertEquals(1, count("SELECT count(*) FROM drift_reports"));
  }

  @Test
  void tombstonesOlderThanTheirDaysGoAndTheCallCanThenBeStoredAgain() throws Exception {
    Explanation call = Explanations.full("gone-1", daysAgo(1));
    ExplanationRepository repository = new ExplanationRepository(db.writer());
    repository.writeExplanations(List.of(call, Explanations.full("gone-2", daysAgo(1))));
    repository.deleteCall(new CallKey("acme", "gone-1"), "ops");
    repository.deleteCall(new CallKey("acme", "gone-2"), "ops");
    try (Connection c = db.writer().getConnection(); Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE call_tombstones SET deleted_at = now() - interval '31 days' WHERE call_id = 'gone-1'");
    }
    Map<Table, Integer> days = days(0, 0, 0, 0, 0);
    days.put(Table.CALL_TOMBSTONES, 30);
    Retention.Run run = new Retention(db.writer(), days, 10).run(now, () -> false, (t, n) -> {});
    assertEquals(Map.of("call_tombstones", 1L), run.deleted());

    assertEquals(List.of(), repository.writeExplanations(List.of(call)), "its tombstone is gone");
    assertEquals(SameCallRule.DELETED, repository.writeExplanations(List.of(Explanations.full("gone-2", daysAgo(1))))
        .get(0).kind(), "a younger tombstone still holds");
  }

  @Test
  void aStopRequestEndsTheRunBetweenBatches() throws Exception {
    store("old-", 4, 100);
    int[] asked = {0};
    Retention.Run run = new Retention(db.writer(), days(90, 0, 0, 0, 0), 1).run(now, () -> asked[0]++ >= 2,
        (t, n) -> {});
    assertEquals(2L, run.deleted().get("calls"));
    assertEquals(2, count("SELECT count(*) FROM calls"));
  }

  @Test
  void nonsenseSettingsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Retention(db.writer(), days(1, 1, 1, 1, 1), 0));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Retention(db.writer(), days(-1, 1, 1, 1, 1), 10));
    assertTrue(e.getMessage().contains("calls"), e.getMessage());
  }
}
