package dev.glassbox.core.compare;

/** Student's t distribution (any real degrees of freedom, as Welch's test needs): two-sided tail and quantile. */
public final class StudentT {

  private StudentT() {}

  /** P(|T| ≥ |t|) for {@code df} degrees of freedom: the regularised incomplete beta I_{df/(df+t²)}(df/2, 1/2). */
  public static double twoSidedP(double t, double df) {
    if (!(df > 0)) throw new IllegalArgumentException("degrees of freedom must be positive");
    if (Double.isInfinite(t)) return 0;
    return Math.min(1, regularizedBeta(df / (df + t * t), df / 2, 0.5));
  }

  /** The t with P(T ≤ t) = {@code probability}, for 0.5 ≤ probability < 1, by bisection on {@link #twoSidedP}. */
  public static double quantile(double probability, double df) {
    if (!(probability >= 0.5 && probability < 1)) throw new IllegalArgumentException("probability must be in [0.5,1)");
    double tail = 2 * (1 - probability), lo = 0, hi = 1;
    while (twoSidedP(hi, df) > tail) hi *= 2;
    for (int i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
      double mid = (lo + hi) / 2;
      if (twoSidedP(mid, df) > tail) lo = mid;
      else hi = mid;
    }
    return (lo + hi) / 2;
  }

  /** I_x(a, b) by Lentz's continued fraction (Numerical Recipes' betacf), using the symmetry where it converges faster. */
  static double regularizedBeta(double x, double a, double b) {
    if (x <= 0) return 0;
    if (x >= 1) return 1;
    double front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
    if (x < (a + 1) / (a + b + 2)) return front * continuedFraction(x, a, b) / a;
    return 1 - front * continuedFraction(1 - x, b, a) / b;
  }

  private static double continuedFraction(double x, double a, double b) {
    double tiny = 1e-300, c = 1, d = 1 - (a + b) * x / (a + 1);
    if (Math.abs(d) < tiny) d = tiny;
    d = 1 / d;
    double h = d;
    for (int m = 1; m <= 10_000; m++) {
      int m2 = 2 * m;
      double even = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
      d = 1 + even * d;
      d = Math.abs(d) < tiny ? 1 / tiny : 1 / d;
      c = 1 + even / c;
      if (Math.abs(c) < tiny) c = tiny;
      h *= d * c;
      double odd = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
      d = 1 + odd * d;
      d = Math.abs(d) < tiny ? 1 / tiny : 1 / d;
      c = 1 + odd / c;
      if (Math.abs(c) < tiny) c = tiny;
      double step = d * c;
      h *= step;
      if (Math.abs(step - 1) < 1e-15) break;
    }
    return h;
  }

  /** ln Γ(x) for x > 0 (Lanczos, g = 7, nine terms: about 15 significant digits). */
  static double logGamma(double x) {
    double[] g = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61503916999185, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};
    if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
    x -= 1;
    double s = g[0];
    for (int i = 1; i < 9; i++) s += g[i] / (x + i);
    double t = x + 7.5;
    return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(s);
  }
}
