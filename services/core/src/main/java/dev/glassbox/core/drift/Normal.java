package dev.glassbox.core.drift;

/** The standard normal distribution's upper tail and its inverse, for z-tests and intervals. */
public final class Normal {

  private Normal() {}

  /** P(Z > z), from erfc with a relative error below 1.2e-7 (Numerical Recipes' erfcc). */
  public static double upperTail(double z) {
    return 0.5 * erfc(z / Math.sqrt(2));
  }

  static double erfc(double x) {
    double z = Math.abs(x);
    double t = 1.0 / (1.0 + 0.5 * z);
    double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
        + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
        + t * (-0.82215223 + t * 0.17087277)))))))));
    return x >= 0 ? r : 2 - r;
  }

  /** Two-sided p-value of a difference of two proportions (pooled z-test); 1 when both are constant and equal. */
  public static double twoProportionP(double hitsA, int nA, double hitsB, int nB) {
    double pooled = (hitsA + hitsB) / (nA + nB);
    double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / nA + 1.0 / nB));
    if (se == 0) return 1.0;
    return Math.min(1, 2 * upperTail(Math.abs(hitsA / nA - hitsB / nB) / se));
  }

  /**
   * The z with P(Z > z) = {@code tail}, for 0 < tail < 1 (1.959964 for 0.025), by bisection on {@link #upperTail}:
   * exact to the tail's own 1e-7, which is all an interval's end needs.
   */
  public static double upperQuantile(double tail) {
    if (!(tail > 0 && tail < 1)) throw new IllegalArgumentException("tail must be in (0,1)");
    double lo = -40, hi = 40;
    for (int i = 0; i < 100; i++) {
      double mid = (lo + hi) / 2;
      if (upperTail(mid) > tail) lo = mid;
      else hi = mid;
    }
    return (lo + hi) / 2;
  }
}
