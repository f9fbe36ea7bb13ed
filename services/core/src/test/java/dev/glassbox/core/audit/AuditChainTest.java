package dev.glassbox.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuditChainTest {

  private static final Instant T = Instant.parse("2026-12-03T10:00:00.123456789Z");

  private static List<AuditEntry> chain(int n) {
    List<AuditEntry> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(AuditChain.next(rows.isEmpty() ? null : rows.get(rows.size() - 1), T.plusSeconds(i), "ops",
          "verdict", "acme", "call-" + i, "{\"verdict\":\"correct\"}"));
    }
    return rows;
  }

  private static Optional<AuditChain.Break> firstBreak(List<AuditEntry> rows) {
    AuditEntry previous = null;
    for (AuditEntry e : rows) {
      Optional<AuditChain.Break> b = AuditChain.check(previous, e);
      if (b.isPresent()) return b;
      previous = e;
    }
    return Optional.empty();
  }

  @Test
  void anUntouchedChainVerifiesFromTheGenesisHash() {
    List<AuditEntry> rows = chain(5);
    assertEquals(AuditChain.GENESIS, rows.get(0).prevHash());
    assertEquals(1, rows.get(0).seq());
    assertEquals(rows.get(3).hash(), rows.get(4).prevHash());
    assertEquals(Optional.empty(), firstBreak(rows));
  }

  @Test
  void timesAreKeptToTheMicrosecondAsPostgresqlStoresThem() {
    assertEquals(Instant.parse("2026-12-03T10:00:00.123456Z"), chain(1).get(0).at());
  }

  @Test
  void aChangedFieldIsNamedAtItsOwnRow() {
    List<AuditEntry> rows = chain(5);
    AuditEntry r = rows.get(2);
    rows.set(2, new AuditEntry(r.seq(), r.at(), "someone-else", r.action(), r.tenant(), r.target(), r.detail(),
        r.prevHash(), r.hash()));
    AuditChain.Break b = firstBreak(rows).orElseThrow();
    assertEquals(3, b.seq());
    assertTrue(b.reason().contains("changed"), b.reason());
  }

  @Test
  void aRowRehashedAfterAChangeBreaksTheLinkOfTheNextRow() {
    List<AuditEntry> rows = chain(5);
    AuditEntry r = rows.get(2);
    rows.set(2, AuditChain.next(rows.get(1), r.at(), r.actor(), "delete", r.tenant(), r.target(), r.detail()));
    assertEquals(4, firstBreak(rows).orElseThrow().seq());
  }

  @Test
  void aRemovedRowIsNamedByTheRowAfterTheGap() {
    List<AuditEntry> rows = chain(5);
    rows.remove(1);
    AuditChain.Break b = firstBreak(rows).orElseThrow();
    assertEquals(3, b.seq());
    assertTrue(b.reason().contains("missing"), b.reason());
  }

  @Test
  void fieldsThatConcatenateAlikeStillHashApart() {
    assertNotEquals(AuditChain.hash(1, T, "ab", "c", null, null, null, AuditChain.GENESIS),
        AuditChain.hash(1, T, "a", "bc", null, null, null, AuditChain.GENESIS));
    assertNotEquals(AuditChain.hash(1, T, "a", "b", null, null, null, AuditChain.GENESIS),
        AuditChain.hash(1, T, "a", "b", "", null, null, AuditChain.GENESIS));
  }
}
