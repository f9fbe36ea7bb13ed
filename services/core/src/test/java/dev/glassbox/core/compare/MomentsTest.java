package dev.glassbox.core.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MomentsTest {

  private static final double[] A = {3.1, 2.9, 3.6, 4.0, 3.3, 2.7};
  private static final double[] B = {4.2, 3.9, 4.8, 4.4, 5.1, 3.7, 4.6};

  @Test
  void momentsAreCountMeanAndSampleVarianceSkippingMissingValues() {
    Moments m = Moments.of(new double[] {3.1, Double.NaN, 2.9, 3.6, 4.0, 3.3, 2.7});
    assertEquals(6, m.n());
    assertEquals(3.266667, m.mean(), 1e-6);
    assertEquals(0.226667, m.variance(), 1e-6);
  }

  @Test
  void welchMatchesScipysUnequalVarianceTTest() {
    // scipy.stats.ttest_ind(B, A, equal_var=False): t = 4.149069, df = 10.816910, p = 0.0016775; interval by hand
    // from the same df: 1.119048 ∓ t(0.975, df)·se = [0.524191, 1.713905].
    Moments.Welch w = Moments.welch(Moments.of(A), Moments.of(B), 0.95);
    assertEquals(1.119048, w.difference(), 1e-6);
    assertEquals(4.149069, w.t(), 1e-6);
    assertEquals(10.816910, w.df(), 1e-6);
    assertEquals(0.0016775, w.pValue(), 1e-7);
    assertEquals(0.524191, w.interval().low(), 1e-6);
    assertEquals(1.713905, w.interval().high(), 1e-6);
  }
}
