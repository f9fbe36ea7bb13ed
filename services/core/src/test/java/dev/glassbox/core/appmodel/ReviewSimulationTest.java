package dev.glassbox.core.appmodel;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReviewSimulationTest {

  static ReviewSimulation miscalibrated(int n) {
    List<ReviewedCall> calls = AppModelTest.reviewed(n, 11);
    double[] s = calls.stream().mapToDouble(ReviewedCall::score).toArray();
    boolean[] y = new boolean[n];
    for (int i = 0; i < n; i++) y[i] = calls.get(i).hallucinated();
    return new ReviewSimulation(s, y);
  }

  @Test
  void twoHundredRandomVerdictsCalibrateTheOtherCalls() {
    ReviewSimulation.CalibrationTrial t = miscalibrated(1500).calibrationTrial(200, 3);
    assertTrue(t.eceBefore() > 0.08, "before " + t.eceBefore());
    assertTrue(t.eceAfter() < 0.05, "after " + t.eceAfter());
  }

  @Test
  void everyOrderReachesAnAttainablePrecisionWithinTheBudget() {
    ReviewSimulation sim = miscalibrated(1500);
    for (ReviewOrder order : ReviewOrder.values()) {
      Integer n = sim.verdictsToPrecision(order, 0.9, 800, 1);
      assertNotNull(n, order.id());
      assertTrue(n % ReviewSimulation.STEP == 0 && n <= 800, order.id() + " " + n);
    }
  }

  @Test
  void anUnattainablePrecisionIsNeverReached() {
    ReviewSimulation sim = new ReviewSimulation(new double[] {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.1, 0.2,
        0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95}, new boolean[] {true, false, true, false, true, false, true, false, true,
        false, false, true, false, true, false, true, false, true, false, true});
    assertNull(sim.verdictsToPrecision(ReviewOrder.RANDOM, 0.99, 20, 1));
  }
}
