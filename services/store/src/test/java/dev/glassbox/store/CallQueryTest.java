package dev.glassbox.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.glassbox.store.CallQuery.InvalidParameterException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CallQueryTest {

  private static CallQuery parse(String flagged, String from, String to, String limit) {
    return CallQuery.parse("app", "", null, flagged, from, to, limit, 50, 1000);
  }

  private static String failingField(String flagged, String from, String to, String limit) {
    return assertThrows(InvalidParameterException.class, () -> parse(flagged, from, to, limit)).field();
  }

  @Test
  void absentParametersMeanNoFilterAndTheDefaultLimit() {
    CallQuery q = parse(null, null, " ", null);
    assertEquals("app", q.app());
    assertNull(q.model());
    assertNull(q.flagged());
    assertNull(q.to());
    assertEquals(50, q.limit());
  }

  @Test
  void timestampsWithAnyOffsetAreRead() {
    CallQuery q = parse("TRUE", "2026-11-28T13:00:00+01:00", "2026-11-29T00:00:00Z", "1000");
    assertEquals(Instant.parse("2026-11-28T12:00:00Z"), q.from());
    assertEquals(Boolean.TRUE, q.flagged());
    assertEquals(1000, q.limit());
  }

  @Test
  void eachUnusableParameterIsNamed() {
    assertEquals("from", failingField(null, "2026-11-28", null, null));
    assertEquals("to", failingField(null, null, "soon", null));
    assertEquals("to", failingField(null, "2026-11-28T12:00:00Z", "2026-11-28T11:00:00Z", null));
    assertEquals("flagged", failingField("yes", null, null, null));
    assertEquals("limit", failingField(null, null, null, "0"));
    assertEquals("limit", failingField(null, null, null, "1001"));
    assertEquals("limit", failingField(null, null, null, "ten"));
  }
}
