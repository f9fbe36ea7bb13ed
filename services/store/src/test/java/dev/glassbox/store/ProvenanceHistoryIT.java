package dev.glassbox.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.core.call.CallKey;
import dev.glassbox.core.explanation.Explanation;
import dev.glassbox.core.explanation.Provenance;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Provenance columns mirror the explanation JSON, and re-explaining a call keeps the earlier explanation. */
class ProvenanceHistoryIT {

  private static MigratedDatabase db;
  private static ExplanationRepository repository;

  @BeforeAll
  static void start() throws Exception {
    db = MigratedDatabase.start();
    repository = new ExplanationRepository(db.writer());
  }

  @AfterAll
  static void stop() throws Exception {
    db.close();
  }

  private static Explanation madeBy(String id, String version, String explainedAt) {
    return Explanations.full(id, "2026-11-28T12:00:00Z").withProvenance(new Provenance(version, "abc123",
        "all-minilm-l6-v2-q", "e".repeat(64), 2, "f".repeat(64), "5".repeat(64), explainedAt));
  }

  private static String column(CallKey key, String column) throws Exception {
    try (Connection c = db.writer().getConnection(); PreparedStatement ps = c.prepareStatement(
        "SELECT " + column + "::text FROM explanations WHERE tenant = ? AND call_id = ?")) {
      ps.setString(1, key.tenant());
      ps.setString(2, key.id());
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        return rs.getString(1);
      }
    }
  }

  @Test
  void provenanceColumnsHoldWhatTheExplanationSays() throws Exception {
    repository.writeExplanations(List.of(madeBy("p-1", "0.1.0", "2026-12-03T10:00:00.123456Z")));
    CallKey key = new CallKey("acme", "p-1");
    assertEquals("0.1.0", column(key, "glassbox_version"));
    assertEquals("abc123", column(key, "glassbox_commit"));
    assertEquals("e".repeat(64), column(key, "encoder_sha256"));
    assertEquals("2", column(key, "hallucination_model_version"));
    assertEquals("5".repeat(64), column(key, "settings_sha256"));
    assertEquals(Instant.parse("2026-12-03T10:00:00.123456Z").toString(),
        Instant.parse(column(key, "to_char(explained_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"))
            .toString());
  }

  @Test
  void anAppModelInTheProvenanceFillsItsColumnsAndTheGlobalModelLeavesThemEmpty() throws Exception {
    Provenance.AppModelRef own = new Provenance.AppModelRef("support-bot", 1, "2026-12-01T08:00:00Z", "a".repeat(64));
    Explanation byOwn = madeBy("p-app", "0.1.0", "2026-12-03T10:00:00Z");
    repository.writeExplanations(List.of(byOwn.withProvenance(byOwn.provenance().withAppModel(own)),
        madeBy("p-global", "0.1.0", "2026-12-03T10:00:00Z")));
    assertEquals("a".repeat(64), column(new CallKey("acme", "p-app"), "app_model_sha256"));
    assertEquals("2026-12-01T08:00:00Z", Instant.parse(column(new CallKey("acme", "p-app"),
        "to_char(app_model_trained_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')")).toString());
    assertEquals(null, column(new CallKey("acme", "p-global"), "app_model_sha256"));
  }

  @Test
  void anExplainedAtThatIsNoTimestampIsStoredWithoutTheColumnRatherThanRefused() throws Exception {
    repository.writeExplanations(List.of(madeBy("p-4", "0.1.0", "yesterday-ish")));
    CallKey key = new CallKey("acme", "p-4");
    assertEquals("0.1.0", column(key, "glassbox_version"));
    assertEquals(null, column(key, "explained_at"));
  }

  @Test
  void reExplainingWithAnotherVersionKeepsTheEarlierExplanationAsHistory() throws Exception {
    CallKey key = new CallKey("acme", "p-2");
    repository.writeExplanations(List.of(madeBy("p-2", "0.1.0", "2026-12-03T10:00:00Z")));
    repository.writeExplanations(List.of(madeBy("p-2", "0.2.0", "2026-12-03T11:00:00Z")));
    List<ExplanationRepository.Replaced> history = repository.findHistory(key, 10);
    assertEquals(1, history.size());
    assertTrue(history.get(0).explanation().contains("\"glassbox_version\": \"0.1.0\""), history.get(0).explanation());
    assertEquals("0.2.0", column(key, "glassbox_version"), "the latest is served by default");

    repository.writeExplanations(List.of(madeBy("p-2", "0.2.0", "2026-12-03T11:00:00Z")));
    assertEquals(1, repository.findHistory(key, 10).size(), "a replay of the same explanation adds no history");
    repository.writeExplanations(List.of(madeBy("p-2", "0.3.0", "2026-12-03T12:00:00Z")));
    assertEquals(List.of("0.2.0", "0.1.0"), repository.findHistory(key, 10).stream()
        .map(r -> r.explanation().replaceAll(".*\"glassbox_version\": \"([^\"]+)\".*", "$1")).toList(),
        "newest first");
  }

  @Test
  void deletingACallDeletesItsHistoryToo() throws Exception {
    CallKey key = new CallKey("acme", "p-3");
    repository.writeExplanations(List.of(madeBy("p-3", "0.1.0", "2026-12-03T10:00:00Z")));
    repository.writeExplanations(List.of(madeBy("p-3", "0.2.0", "2026-12-03T11:00:00Z")));
    assertEquals(1, repository.findHistory(key, 10).size());
    assertTrue(repository.deleteCall(key, "ops"));
    assertEquals(0, repository.findHistory(key, 10).size());
  }
}
