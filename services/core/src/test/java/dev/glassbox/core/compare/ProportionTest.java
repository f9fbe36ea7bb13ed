package dev.glassbox.core.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.glassbox.core.drift.Normal;
import org.junit.jupiter.api.Test;

class ProportionTest {

  private static final double Z95 = Normal.upperQuantile(0.025);

  @Test
  void theNinetyFivePercentNormalQuantileIsOnePointNineSix() {
    assertEquals(1.959964, Z95, 1e-6);
  }

  @Test
  void wilsonMatchesNewcombesPublishedIntervals() {
    // Newcombe (1998), "Two-sided confidence intervals for the single proportion", Table I: 81/263 and 0/20.
    Interval i = new Proportion(81, 263).wilson(Z95);
    assertEquals(0.2553, i.low(), 5e-5);
    assertEquals(0.3662, i.high(), 5e-5);
    Interval none = new Proportion(0, 20).wilson(Z95);
    assertEquals(0.0, none.low(), 1e-12);
    assertEquals(0.1611, none.high(), 5e-5);
  }

  @Test
  void newcombesHybridIntervalMatchesHisWorkedExample() {
    // Newcombe (1998), "Interval estimation for the difference between independent proportions", method 10:
    // 56/70 − 48/80 = 0.2, interval 0.0524 to 0.3339.
    Interval d = Proportion.newcombe(new Proportion(48, 80), new Proportion(56, 70), Z95);
    assertEquals(0.0524, d.low(), 5e-5);
    assertEquals(0.3339, d.high(), 5e-5);
  }

  @Test
  void thePooledZTestMatchesTheHandComputedValue() {
    // pooled 104/150, se = sqrt(p(1 − p)(1/70 + 1/80)) = 0.075467, z = 2.6502, two-sided p = 0.008045.
    assertEquals(0.008045, Proportion.zTestP(new Proportion(48, 80), new Proportion(56, 70)), 2e-6);
  }
}
