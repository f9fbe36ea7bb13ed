package dev.glassbox.core.drift;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WindowSpecTest {

  private static final long HOUR = 3_600_000L;

  @Test
  void aTimeWindowClosesWhenTheNextCallOpensANewPeriodAndItHasItsMinimum() {
    WindowSpec spec = WindowSpec.byTime(HOUR, 10);
    assertFalse(spec.closesBefore(HOUR + 5, 10, HOUR + 60_000), "same hour");
    assertTrue(spec.closesBefore(HOUR + 5, 10, 2 * HOUR));
    assertFalse(spec.closesBefore(HOUR + 5, 9, 2 * HOUR), "too few calls: stays open into the next hour");
    // Once extended, it runs to the end of the hour it reached, not to the first call past its minimum.
    assertFalse(spec.closesBefore(2 * HOUR + 5, 30, 2 * HOUR + 60_000));
  }

  @Test
  void aCountWindowClosesWhenFull() {
    WindowSpec spec = WindowSpec.byCount(200);
    assertFalse(spec.closesBefore(0, 199, 0));
    assertTrue(spec.closesBefore(0, 200, 0));
    assertFalse(spec.full(199));
    assertTrue(spec.full(200), "a full count window closes at once, without waiting for the next call");
    assertFalse(WindowSpec.byTime(HOUR, 10).full(1000), "a time window closes only when its period is over");
  }
}
