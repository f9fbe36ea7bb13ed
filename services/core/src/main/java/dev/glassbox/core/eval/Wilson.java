package dev.glassbox.core.eval;

/**
 * The Wilson score interval of a proportion: unlike the normal approximation it stays inside [0, 1] and keeps a
 * sensible width at 0 or n successes, which is where flag precision on a few verdicts usually sits.
 *
 * @param low lower bound, 0 when {@code n} is 0
 * @param high upper bound, 1 when {@code n} is 0
 */
public record Wilson(long successes, long n, double estimate, double low, double high) {

  /** The two-sided 95 % normal quantile. */
  public static final double Z95 = 1.959963984540054;

  /** The 95 % interval of {@code successes} out of {@code n}; with no observations, the whole of [0, 1]. */
  public static Wilson of(long successes, long n) {
    if (successes < 0 || successes > n) throw new IllegalArgumentException(successes + " successes out of " + n);
    if (n == 0) return new Wilson(0, 0, Double.NaN, 0, 1);
    double p = (double) successes / n, z2 = Z95 * Z95;
    double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
    double half = Z95 / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
    return new Wilson(successes, n, p, Math.max(0, centre - half), Math.min(1, centre + half));
  }
}
