package dev.glassbox.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.core.call.CallKey;
import dev.glassbox.core.explanation.Explanation;
import dev.glassbox.core.json.Json;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The repository against a real PostgreSQL migrated by the real Flyway scripts. */
class ExplanationRepositoryIT {

  private static EmbeddedPostgres postgres;
  private static DataSource dataSource;
  private static ExplanationRepository repository;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    dataSource = postgres.getPostgresDatabase();
    Flyway.configure().dataSource(dataSource).load().migrate();
    repository = new ExplanationRepository(dataSource);
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (postgres != null) postgres.close();
  }

  @BeforeEach
  void emptyTables() throws SQLException {
    execute("TRUNCATE calls, explanations, explanation_sentences, explanation_tokens, call_tombstones CASCADE");
  }

  private static void execute(String sql) throws SQLException {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static Object value(String sql) throws SQLException {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      Object v = rs.getObject(1);
      return v instanceof Array a ? a.getArray() : v;
    }
  }

  private static Map<String, Long> rowCounts() throws SQLException {
    Map<String, Long> counts = new TreeMap<>();
    for (String table : List.of("calls", "explanations", "explanation_sentences", "explanation_tokens")) {
      counts.put(table, (Long) value("SELECT count(*) FROM " + table));
    }
    return counts;
  }

  private static List<Explanation> threeCalls() {
    return List.of(
        Explanations.full("c-1", "2026-11-28T12:00:00Z"),
        Explanations.bare("c-2", "2026-11-28T12:05:00Z", "search", "Short answer. Second sentence. Third one."),
        Explanations.bare("c-3", "2026-11-28T12:10:00+01:00", "search", "One sentence only."));
  }

  @Test
  void replayingTheSameExplanationsAddsNoRowsAndChangesNoValues() throws Exception {
    repository.writeExplanations(threeCalls());
    Map<String, Long> first = rowCounts();
    assertEquals(Map.of("calls", 3L, "explanations", 3L, "explanation_sentences", 6L, "explanation_tokens", 4L),
        first);
    Object riskBefore = value("SELECT hallucination_score FROM explanations WHERE call_id = 'c-1'");

    repository.writeExplanations(threeCalls());
    repository.writeExplanations(List.of(threeCalls().get(0), threeCalls().get(0)));

    assertEquals(first, rowCounts());
    assertEquals(riskBefore, value("SELECT hallucination_score FROM explanations WHERE call_id = 'c-1'"));
  }

  @Test
  void storedValuesMatchTheExplanation() throws Exception {
    Explanation e = Explanations.full("c-1", "2026-11-28T12:00:00Z");
    repository.writeExplanations(List.of(e));

    assertEquals(e.grounding().score(), value("SELECT grounding_score FROM explanations WHERE call_id = 'c-1'"));
    assertEquals(e.hallucination().flagged(), value("SELECT flagged FROM explanations WHERE call_id = 'c-1'"));
    assertEquals(e.uncertainty().minProb(), value("SELECT min_prob FROM explanations WHERE call_id = 'c-1'"));
    assertEquals("acme", value("SELECT tenant FROM calls WHERE call_id = 'c-1'"));
    assertEquals(e.call().response(), value("SELECT response FROM calls WHERE call_id = 'c-1'"));
    assertEquals("user", value("SELECT prompt->1->>'role' FROM calls WHERE call_id = 'c-1'"));
    assertEquals(Instant.parse("2026-11-28T12:00:00Z"),
        ((java.sql.Timestamp) value("SELECT ts FROM explanations WHERE call_id = 'c-1'")).toInstant());
    Float[] embedding = (Float[]) value("SELECT response_embedding FROM explanations WHERE call_id = 'c-1'");
    float[] expected = e.embedding().response();
    assertEquals(expected.length, embedding.length);
    for (int i = 0; i < expected.length; i++) assertEquals(expected[i], embedding[i]);
    assertEquals(e.grounding().sentences().get(0).source(),
        value("SELECT source FROM explanation_sentences WHERE call_id = 'c-1' AND idx = 0"));
    assertEquals(e.uncertainty().tokens().get(3).prob(),
        value("SELECT prob FROM explanation_tokens WHERE call_id = 'c-1' AND idx = 3"));
    assertEquals(e.grounding().sentences().get(1).tokenAlignment(),
        value("SELECT token_alignment FROM explanation_sentences WHERE call_id = 'c-1' AND idx = 1"));
    assertEquals(e.hallucination().sentences().get(1).signals().get("samples"),
        value("SELECT (signals->>'samples')::float8 FROM explanation_sentences WHERE call_id = 'c-1' AND idx = 1"));

    JsonNode stored = Json.readTree(repository.findExplanationJson(new CallKey("acme", "c-1")).orElseThrow());
    JsonNode original = Json.readTree(new String(dev.glassbox.core.explanation.ExplanationCodec.encode(e),
        java.nio.charset.StandardCharsets.UTF_8));
    assertEquals(original, stored);
  }

  @Test
  void aReExplainedCallWithFewerSentencesLosesTheSurplusRows() throws Exception {
    repository.writeExplanations(List.of(Explanations.bare("c-9", "2026-11-28T12:00:00Z", "a", "One. Two. Three.")));
    assertEquals(3L, value("SELECT count(*) FROM explanation_sentences WHERE call_id = 'c-9'"));
    // A changed call needs a greater revision (absent counts as 0) to replace the stored one.
    repository.writeExplanations(List.of(Explanations.revised("c-9", "2026-11-28T12:00:00Z", "Just one.", 1)));
    assertEquals(1L, value("SELECT count(*) FROM explanation_sentences WHERE call_id = 'c-9'"));
    assertEquals("Just one.", value("SELECT response FROM calls WHERE call_id = 'c-9'"));
  }

  @Test
  void anotherTenantsCallWithTheSameIdIsAnotherCallAndOverwritesNothing() throws Exception {
    repository.writeExplanations(List.of(Explanations.full("shared-1", "2026-11-28T12:00:00Z", "a")));
    List<SameCallRule.Refusal> refused = repository.writeExplanations(List.of(
        Explanations.full("shared-1", "2026-11-28T13:00:00Z", "b")));
    assertEquals(List.of(), refused);
    assertEquals(2L, value("SELECT count(*) FROM calls WHERE call_id = 'shared-1'"));
    assertEquals("2026-11-28T12:00:00Z", Json.readTree(repository.findExplanationJson(new CallKey("a", "shared-1"))
        .orElseThrow()).get("timestamp").asText());
    assertEquals(List.of("a", "b"), repository.tenantsOf("shared-1", 10));
    long sentencesA = (Long) value("SELECT count(*) FROM explanation_sentences WHERE tenant = 'a'");
    assertEquals(sentencesA, value("SELECT count(*) FROM explanation_sentences WHERE tenant = 'b'"));
  }

  @Test
  void aReSentCallReplacesItsRowOnlyWhenItIsTheSameCallOrANewerRevision() throws Exception {
    repository.writeExplanations(List.of(Explanations.bare("c-1", "2026-11-28T12:00:00Z", "a", "First.")));
    assertEquals(List.of(), repository.writeExplanations(
        List.of(Explanations.bare("c-1", "2026-11-28T12:00:00Z", "a", "First."))), "the same call is a no-op");

    List<SameCallRule.Refusal> changed = repository.writeExplanations(List.of(
        Explanations.bare("c-1", "2026-11-28T12:00:00Z", "a", "Changed."),
        Explanations.bare("c-2", "2026-11-28T12:00:00Z", "a", "Another call.")));
    assertEquals(1, changed.size());
    assertEquals(0, changed.get(0).index());
    assertEquals(SameCallRule.CHANGED, changed.get(0).kind());
    assertTrue(changed.get(0).reason().startsWith("call c-1 of tenant default is stored with other content"),
        changed.get(0).reason());
    assertEquals("First.", value("SELECT response FROM calls WHERE call_id = 'c-1'"));
    assertEquals("Another call.", value("SELECT response FROM calls WHERE call_id = 'c-2'"), "the rest is stored");

    assertEquals(List.of(), repository.writeExplanations(
        List.of(Explanations.revised("c-1", "2026-11-28T12:00:00Z", "Revised.", 2))));
    assertEquals("Revised.", value("SELECT response FROM calls WHERE call_id = 'c-1'"));
    assertEquals(2L, value("SELECT revision FROM calls WHERE call_id = 'c-1'"));
    assertEquals(SameCallRule.CHANGED, repository.writeExplanations(
        List.of(Explanations.revised("c-1", "2026-11-28T12:00:00Z", "Older.", 1))).get(0).kind());
  }

  @Test
  void aDeletedCallLeavesATombstoneAndIsNotStoredAgainWhenReplayed() throws Exception {
    Explanation call = Explanations.full("c-1", "2026-11-28T12:00:00Z", "a");
    repository.writeExplanations(List.of(call, Explanations.full("c-1", "2026-11-28T12:00:00Z", "b")));
    assertTrue(repository.deleteCall(new CallKey("a", "c-1"), "ops"));
    assertEquals(List.of("b"), repository.tenantsOf("c-1", 10), "only tenant a's call is deleted");
    assertEquals(1L, value("SELECT count(*) FROM call_tombstones WHERE tenant = 'a' AND call_id = 'c-1'"));

    List<SameCallRule.Refusal> replayed = repository.writeExplanations(List.of(call));
    assertEquals(SameCallRule.DELETED, replayed.get(0).kind());
    assertTrue(replayed.get(0).reason().startsWith("call c-1 of tenant a was deleted at "), replayed.get(0).reason());
    assertEquals(List.of("b"), repository.tenantsOf("c-1", 10));
    assertEquals(0L, value("SELECT count(*) FROM explanation_sentences WHERE tenant = 'a'"));
    assertTrue(!repository.deleteCall(new CallKey("a", "c-1"), "ops"), "nothing left to delete");
  }

  @Test
  void aFailedBatchLeavesNothingBehind() throws Exception {
    ExplanationRows good = ExplanationRows.of(Explanations.bare("c-ok", "2026-11-28T12:00:00Z", "a", "Fine."));
    ExplanationRows bad = ExplanationRows.of(Explanations.bare("c-bad", "2026-11-28T12:00:00Z", "a", "Fine."));
    // A NUL slipped past the mapping: PostgreSQL refuses it, and the whole transaction with it.
    ExplanationRows.CallRow poisoned = new ExplanationRows.CallRow("c-bad", "default", "a", "m-1",
        bad.call().ts(), null, "nul\u0000here", null, null, bad.call().contentHash(), 0);
    ExplanationRows refused = new ExplanationRows(poisoned, bad.explanation(), bad.sentences(), bad.tokens());
    SQLException e = assertThrows(SQLException.class, () -> repository.write(List.of(good, refused)));
    assertTrue(SqlErrors.isRecordSpecific(e), e.getSQLState());
    assertEquals(0L, value("SELECT count(*) FROM calls"));
  }

  @Test
  void callsAreListedNewestFirstAndFiltered() throws Exception {
    repository.writeExplanations(threeCalls());
    List<CallSummary> all = repository.findCalls(CallQuery.newest(10));
    assertEquals(List.of("c-2", "c-1", "c-3"), all.stream().map(CallSummary::callId).toList());
    assertEquals("2026-11-28T11:10:00Z", all.get(2).timestamp());

    CallQuery search = CallQuery.parse("search", null, null, null, "2026-11-28T11:30:00Z", null, "5", 50, 1000);
    assertEquals(List.of("c-2"), repository.findCalls(search).stream().map(CallSummary::callId).toList());
    CallQuery acme = CallQuery.parse(null, "gpt-4o-mini", "acme", null, null, null, "1", 50, 1000);
    CallSummary c1 = repository.findCalls(acme).get(0);
    assertEquals("c-1", c1.callId());
    assertTrue(c1.uncertaintyScore() != null && c1.groundingScore() != null);
    assertEquals(1, repository.findCalls(CallQuery.newest(1)).size());
  }

  @Test
  void statsCountEverythingAndRankTheLeastGrounded() throws Exception {
    List<Explanation> calls = threeCalls();
    repository.writeExplanations(calls);
    StoreStats stats = repository.stats(2, null);
    assertEquals(3, stats.calls());
    assertEquals(calls.stream().filter(e -> e.hallucination().flagged()).count(), stats.flagged());
    // A call with nothing but a question is stored unchecked: no score, evidence none, not flagged, not ranked.
    CallSummary bare = repository.findCalls(CallQuery.newest(3)).stream().filter(x -> x.callId().equals("c-2"))
        .findFirst().orElseThrow();
    assertNull(bare.hallucinationScore());
    assertEquals("none", bare.evidence());
    assertFalse(bare.flagged());
    long grounded = calls.stream().filter(e -> e.grounding() != null).count();
    assertEquals(Math.min(2, grounded), stats.leastGrounded().size());
    for (int i = 1; i < stats.leastGrounded().size(); i++) {
      assertTrue(stats.leastGrounded().get(i - 1).groundingScore() <= stats.leastGrounded().get(i).groundingScore());
    }
  }
}
