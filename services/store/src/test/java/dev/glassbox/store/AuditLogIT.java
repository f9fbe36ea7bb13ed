package dev.glassbox.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.core.audit.AuditLog;
import dev.glassbox.core.call.CallKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The audit log and verdicts on the real PostgreSQL: append-only for the store, chained, tampering named. */
class AuditLogIT {

  private static MigratedDatabase db;
  private static AuditTrail audit;

  @BeforeAll
  static void start() throws Exception {
    db = MigratedDatabase.start();
    audit = new AuditTrail(db.writer());
    new ExplanationRepository(db.writer()).writeExplanations(List.of(Explanations.full("a-1", "2026-11-28T12:00:00Z")));
  }

  @AfterAll
  static void stop() throws Exception {
    db.close();
  }

  private static AuditLog.Verification verify() throws SQLException {
    try (Connection c = db.writer().getConnection()) {
      return AuditLog.verify(c);
    }
  }

  private static String refusal(String sql) throws SQLException {
    try (Connection c = db.writer().getConnection(); Statement s = c.createStatement()) {
      return assertThrows(SQLException.class, () -> s.execute(sql), sql).getSQLState();
    }
  }

  @Test
  void concurrentAppendsFormOneUnbrokenChainThatTamperingBreaksAtTheTamperedRow() throws Exception {
    long before = verify().rows();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int thread = t;
      done.add(pool.submit(() -> {
        for (int i = 0; i < 10; i++) audit.record("job-" + thread, "test", "acme", "t" + i, Map.of("i", i));
        return null;
      }));
    }
    for (Future<?> f : done) f.get();
    pool.shutdown();
    AuditLog.Verification ok = verify();
    assertEquals(before + 40, ok.rows());
    assertTrue(ok.broken().isEmpty(), ok.toString());

    long tampered = before + 7;
    try (Connection su = db.superuser(); Statement s = su.createStatement()) {
      s.execute("UPDATE audit_log SET actor = 'nobody' WHERE seq = " + tampered);
    }
    AuditLog.Verification broken = verify();
    assertEquals(tampered, broken.broken().orElseThrow().seq(), broken.toString());
  }

  @Test
  void theStoreMayNeitherChangeNorRemoveAuditRowsOrVerdicts() throws Exception {
    audit.record("ops", "test", null, null, null);
    new VerdictRepository(db.writer()).add(new CallKey("acme", "a-1"), "rita",
        new ReviewerVerdict("correct", null, "fine"));
    assertEquals("42501", refusal("UPDATE audit_log SET actor = 'x'"));
    assertEquals("42501", refusal("DELETE FROM audit_log"));
    assertEquals("42501", refusal("TRUNCATE audit_log"));
    assertEquals("42501", refusal("UPDATE reviewer_verdicts SET verdict = 'unsure'"));
    assertEquals("42501", refusal("DELETE FROM reviewer_verdicts"));
  }

  @Test
  void aNewerVerdictSupersedesTheReviewersOlderOneAndDeletingTheCallRemovesBoth() throws Exception {
    ExplanationRepository calls = new ExplanationRepository(db.writer());
    calls.writeExplanations(List.of(Explanations.full("a-2", "2026-11-28T12:00:00Z")));
    VerdictRepository verdicts = new VerdictRepository(db.writer());
    CallKey key = new CallKey("acme", "a-2");
    verdicts.add(key, "rita", new ReviewerVerdict("hallucinated",
        List.of(new ReviewerVerdict.SentenceVerdict(1, null, null, "hallucinated")), null));
    verdicts.add(key, "sam", new ReviewerVerdict("unsure", null, null));
    verdicts.add(key, "rita", new ReviewerVerdict("correct", null, "second look"));
    List<VerdictRepository.StoredVerdict> all = verdicts.ofCall(key);
    assertEquals(List.of("correct", "unsure", "hallucinated"), all.stream().map(v -> v.verdict()).toList());
    assertEquals(List.of(false, false, true), all.stream().map(v -> v.superseded()).toList());
    assertTrue(all.get(2).sentences().contains("\"index\""), all.get(2).sentences());
    assertTrue(verdicts.add(new CallKey("acme", "nope"), "rita", new ReviewerVerdict("correct", null, null))
        .isEmpty(), "no call, no verdict");

    assertTrue(calls.deleteCall(key, "ops"));
    assertEquals(0, verdicts.ofCall(key).size());
    assertTrue(audit.find(new AuditTrail.Query("acme", "ops", "delete", null, null, 10)).stream()
        .anyMatch(e -> "a-2".equals(e.target())), "the deletion is audited");
  }
}
