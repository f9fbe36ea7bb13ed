package dev.glassbox.core.drift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class HolmTest {

  @Test
  void rejectsInOrderUntilTheFirstPValueAboveItsLevel() {
    // Sorted: 0.005 ≤ 0.05/4, 0.01 ≤ 0.05/3, 0.03 > 0.05/2: stop.
    Holm.Decision d = Holm.apply(new double[] {0.01, 0.04, 0.03, 0.005}, 0.05);
    assertArrayEquals(new boolean[] {true, false, false, true}, d.rejected());
    assertArrayEquals(new double[] {0.05 / 3, 0.05, 0.025, 0.0125}, d.thresholds(), 1e-12);
    assertArrayEquals(new double[] {0.03, 0.06, 0.06, 0.02}, d.adjusted(), 1e-12);
  }
}
