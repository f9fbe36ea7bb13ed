package dev.glassbox.core.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KolmogorovSmirnovTest {

  @Test
  void theDistanceIsTheLargestGapBetweenTheEmpiricalDistributions() {
    // F_a and F_b differ by 1/2 at 2 (0.5 vs 0) and at 4 (1 vs 0.5).
    assertEquals(0.5, KolmogorovSmirnov.test(new double[] {1, 2, 3, 4}, new double[] {3, 4, 5, 6}).statistic(), 1e-12);
    assertEquals(1.0, KolmogorovSmirnov.test(new double[] {1, 2, 3}, new double[] {4, 5, 6}).statistic(), 1e-12);
  }

  @Test
  void thePValueIsTheKolmogorovTailAtTheCorrectedDistance() {
    // n = m = 3: en = sqrt(9/6); lambda = (en + 0.12 + 0.11/en) * 1 = 1.434538...
    double en = Math.sqrt(1.5);
    double lambda = en + 0.12 + 0.11 / en;
    double expected = 2 * (Math.exp(-2 * lambda * lambda) - Math.exp(-8 * lambda * lambda) + Math.exp(-18 * lambda * lambda));
    assertEquals(expected, KolmogorovSmirnov.test(new double[] {1, 2, 3}, new double[] {4, 5, 6}).pValue(), 1e-9);
    // Known values of the Kolmogorov distribution: P(K > 1) = 0.270, P(K > 1.358) = 0.050.
    assertEquals(0.2700, KolmogorovSmirnov.kolmogorovTail(1.0), 1e-4);
    assertEquals(0.0500, KolmogorovSmirnov.kolmogorovTail(1.3581), 1e-4);
  }

  @Test
  void identicalSamplesDoNotDrift() {
    double[] a = {0.1, 0.5, 0.5, 0.9, 0.3};
    KolmogorovSmirnov.Result r = KolmogorovSmirnov.test(a, a.clone());
    assertEquals(0.0, r.statistic());
    assertEquals(1.0, r.pValue());
  }

  @Test
  void shiftedGaussiansDrift() {
    SplittableRandom random = new SplittableRandom(1);
    assertTrue(KolmogorovSmirnov.test(Samples.gaussian(random, 200, 0), Samples.gaussian(random, 200, 0.5)).pValue() < 1e-3);
  }

  @Test
  void pValuesUnderTheNullFallBelowFivePercentAboutFivePercentOfTheTime() {
    SplittableRandom random = new SplittableRandom(7);
    int below = 0, trials = 400;
    for (int t = 0; t < trials; t++) {
      if (KolmogorovSmirnov.test(Samples.gaussian(random, 100, 0), Samples.gaussian(random, 120, 0)).pValue() < 0.05) below++;
    }
    double rate = (double) below / trials;
    assertTrue(rate > 0.02 && rate < 0.08, "share below 0.05 under the null: " + rate);
  }
}
