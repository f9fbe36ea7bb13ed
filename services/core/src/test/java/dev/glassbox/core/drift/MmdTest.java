package dev.glassbox.core.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MmdTest {

  @Test
  void theStatisticMatchesTheHandComputedUnbiasedEstimate() {
    // Pooled {0,1,2,3}: squared distances 1,1,1,4,4,9, median 2.5, so k = exp(-d²/5).
    float[][] x = {{0}, {1}};
    float[][] y = {{2}, {3}};
    double e = Math.exp(-0.2);
    double cross = (2 * Math.exp(-0.8) + Math.exp(-1.8) + Math.exp(-0.2)) / 4;
    Mmd.Result r = Mmd.test(x, y, 10, 1);
    assertEquals(e + e - 2 * cross, r.statistic(), 1e-6);
    assertEquals(Math.sqrt(2.5), r.bandwidth(), 1e-6);
  }

  @Test
  void identicalSamplesDoNotDrift() {
    float[][] x = Samples.gaussian(new SplittableRandom(3), 60, 4, 0);
    Mmd.Result r = Mmd.test(x, x.clone(), 199, 1);
    assertTrue(r.statistic() <= 0, "MMD² " + r.statistic());
    assertTrue(r.pValue() > 0.5, "p " + r.pValue());
  }

  @Test
  void shiftedGaussiansDrift() {
    SplittableRandom random = new SplittableRandom(5);
    Mmd.Result r = Mmd.test(Samples.gaussian(random, 100, 8, 0), Samples.gaussian(random, 100, 8, 1.0), 199, 1);
    assertEquals(1.0 / 200, r.pValue(), 1e-12);
  }

  @Test
  void pValuesUnderTheNullAreUniformWithinTolerance() {
    SplittableRandom random = new SplittableRandom(11);
    int trials = 200, below5 = 0, belowHalf = 0;
    for (int t = 0; t < trials; t++) {
      double p = Mmd.test(Samples.gaussian(random, 30, 3, 0), Samples.gaussian(random, 30, 3, 0), 99, t).pValue();
      if (p <= 0.05) below5++;
      if (p <= 0.5) belowHalf++;
    }
    assertTrue(below5 >= 2 && below5 <= 20, "p ≤ 0.05 in " + below5 + " of 200");
    assertTrue(belowHalf >= 80 && belowHalf <= 120, "p ≤ 0.5 in " + belowHalf + " of 200");
  }
}
