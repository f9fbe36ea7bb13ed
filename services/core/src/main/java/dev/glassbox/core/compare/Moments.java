package dev.glassbox.core.compare;

/**
 * Count, mean and sample variance of a scalar (what SQL's {@code count}, {@code avg} and {@code var_samp} give), and
 * Welch's t interval and test for the difference of two means.
 */
public record Moments(long n, double mean, double variance) {

  public static final Moments EMPTY = new Moments(0, Double.NaN, Double.NaN);

  /** The moments of {@code values} (NaN values skipped). */
  public static Moments of(double[] values) {
    long n = 0;
    double mean = 0, m2 = 0;
    for (double v : values) {
      if (Double.isNaN(v)) continue;
      n++;
      double delta = v - mean; // Welford: no cancellation when the values sit far from 0
      mean += delta / n;
      m2 += delta * (v - mean);
    }
    if (n == 0) return EMPTY;
    return new Moments(n, mean, n > 1 ? m2 / (n - 1) : Double.NaN);
  }

  /**
   * Welch's comparison of {@code b.mean - a.mean}: the interval at {@code confidence} and the two-sided p-value, on
   * Welch–Satterthwaite degrees of freedom (no equal-variance assumption: two model versions rarely share one).
   */
  public record Welch(double difference, Interval interval, double t, double df, double pValue) {}

  /** Needs two values per side; both variances 0 gives a zero-width interval and p = 1 when the means agree. */
  public static Welch welch(Moments a, Moments b, double confidence) {
    if (a.n() < 2 || b.n() < 2) throw new IllegalArgumentException("Welch's test needs two values per side");
    double va = a.variance() / a.n(), vb = b.variance() / b.n(), se2 = va + vb;
    double d = b.mean() - a.mean();
    if (se2 == 0) return new Welch(d, new Interval(d, d), d == 0 ? 0 : Double.POSITIVE_INFINITY, Double.NaN,
        d == 0 ? 1 : 0);
    double df = se2 * se2 / (va * va / (a.n() - 1) + vb * vb / (b.n() - 1));
    double se = Math.sqrt(se2), t = d / se;
    double q = StudentT.quantile(0.5 + confidence / 2, df);
    return new Welch(d, new Interval(d - q * se, d + q * se), t, df, StudentT.twoSidedP(t, df));
  }

  /** The t interval of this mean at {@code confidence}. */
  public Interval interval(double confidence) {
    if (n < 2 || !(variance > 0)) return new Interval(mean, mean);
    double half = StudentT.quantile(0.5 + confidence / 2, n - 1) * Math.sqrt(variance / n);
    return new Interval(mean - half, mean + half);
  }
}
