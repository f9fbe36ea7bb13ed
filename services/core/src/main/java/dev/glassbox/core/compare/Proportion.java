package dev.glassbox.core.compare;

import dev.glassbox.core.drift.Normal;

/**
 * A count of hits out of n trials, with Wilson's score interval for its rate and, for two of them, Newcombe's hybrid
 * score interval and the pooled two-proportion z-test for the difference.
 */
public record Proportion(long hits, long n) {

  public Proportion {
    if (n < 0 || hits < 0 || hits > n) throw new IllegalArgumentException("need 0 <= hits <= n: " + hits + "/" + n);
  }

  public static final Proportion EMPTY = new Proportion(0, 0);

  /** The rate, NaN when n is 0. */
  public double rate() {
    return n == 0 ? Double.NaN : (double) hits / n;
  }

  /**
   * Wilson's score interval at the two-sided normal quantile {@code z}: unlike the Wald interval it stays inside
   * [0, 1] and keeps its coverage near 0 and 1, where flagged and hallucination rates often sit.
   */
  public Interval wilson(double z) {
    if (n == 0) throw new IllegalStateException("no trials: no interval");
    double p = rate(), z2 = z * z;
    double denominator = 1 + z2 / n;
    double centre = (p + z2 / (2.0 * n)) / denominator;
    double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
    return new Interval(Math.max(0, centre - half), Math.min(1, centre + half));
  }

  /**
   * Newcombe's hybrid score interval (his method 10, 1998) for {@code b.rate() - a.rate()}, built from the two Wilson
   * intervals: it keeps its coverage for small counts and rates near 0 or 1, where the Wald difference does not.
   */
  public static Interval newcombe(Proportion a, Proportion b, double z) {
    Interval ia = a.wilson(z), ib = b.wilson(z);
    double pa = a.rate(), pb = b.rate(), d = pb - pa;
    double low = d - Math.sqrt(square(pb - ib.low()) + square(ia.high() - pa));
    double high = d + Math.sqrt(square(ib.high() - pb) + square(pa - ia.low()));
    return new Interval(Math.max(-1, low), Math.min(1, high));
  }

  /** Two-sided p-value of the pooled two-proportion z-test of equal rates. */
  public static double zTestP(Proportion a, Proportion b) {
    return Normal.twoProportionP(a.hits(), Math.toIntExact(a.n()), b.hits(), Math.toIntExact(b.n()));
  }

  private static double square(double x) {
    return x * x;
  }
}
