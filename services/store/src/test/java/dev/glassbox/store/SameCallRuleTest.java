package dev.glassbox.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.store.ExplanationRows.CallRow;
import dev.glassbox.store.SameCallRule.Stored;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class SameCallRuleTest {

  private static CallRow call(String hash, long revision) {
    return new CallRow("c-1", "acme", "a", "m", OffsetDateTime.parse("2026-11-28T12:00:00Z"), null, "r", null, null,
        hash, revision);
  }

  @Test
  void aNewKeyOrTheSameContentIsStored() {
    assertTrue(SameCallRule.check(0, call("h1", 0), null, null).isEmpty());
    assertTrue(SameCallRule.check(0, call("h1", 0), new Stored("h1", 0), null).isEmpty());
    assertTrue(SameCallRule.check(0, call("h1", 0), new Stored("h1", 5), null).isEmpty(), "same call, any revision");
  }

  @Test
  void otherContentNeedsAGreaterRevision() {
    assertTrue(SameCallRule.check(0, call("h2", 1), new Stored("h1", 0), null).isEmpty());
    SameCallRule.Refusal same = SameCallRule.check(3, call("h2", 1), new Stored("h1", 1), null).orElseThrow();
    assertEquals(3, same.index());
    assertEquals(SameCallRule.CHANGED, same.kind());
    assertEquals("call c-1 of tenant acme is stored with other content (hash h1, revision 1; this one: hash h2, "
        + "revision 1); send a changed call with a new id or an attributes.revision above 1", same.reason());
    assertEquals(SameCallRule.CHANGED, SameCallRule.check(0, call("h2", 0), new Stored("h1", 0), null)
        .orElseThrow().kind());
  }

  @Test
  void aRowStoredBeforeHashesIsReplacedByTheFirstCallReSent() {
    assertTrue(SameCallRule.check(0, call("h2", 0), new Stored(null, 0), null).isEmpty());
  }

  @Test
  void aDeletedKeyIsRefusedWhateverTheContentOrRevision() {
    OffsetDateTime deleted = OffsetDateTime.parse("2026-11-29T08:00:00Z");
    SameCallRule.Refusal r = SameCallRule.check(0, call("h1", 9), null, deleted).orElseThrow();
    assertEquals(SameCallRule.DELETED, r.kind());
    assertEquals("call c-1 of tenant acme was deleted at 2026-11-29T08:00:00Z; a deleted call is not stored again "
        + "while its tombstone lasts", r.reason());
  }
}
