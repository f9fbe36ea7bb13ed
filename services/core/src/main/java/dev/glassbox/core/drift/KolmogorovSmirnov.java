package dev.glassbox.core.drift;

import java.util.Arrays;

/** Two-sample Kolmogorov–Smirnov test with the asymptotic Kolmogorov distribution (Stephens' small-sample correction). */
public final class KolmogorovSmirnov {

  private KolmogorovSmirnov() {}

  /** The largest gap between the two empirical distribution functions, and its p-value. */
  public record Result(double statistic, double pValue) {}

  public static Result test(double[] a, double[] b) {
    if (a.length == 0 || b.length == 0) throw new IllegalArgumentException("both samples need at least one value");
    double[] x = a.clone();
    double[] y = b.clone();
    Arrays.sort(x);
    Arrays.sort(y);
    int i = 0, j = 0;
    double d = 0;
    while (i < x.length && j < y.length) {
      double v = Math.min(x[i], y[j]);
      // Step past every copy of v in both samples, so ties never open a false gap.
      while (i < x.length && x[i] == v) i++;
      while (j < y.length && y[j] == v) j++;
      d = Math.max(d, Math.abs((double) i / x.length - (double) j / y.length));
    }
    double en = Math.sqrt((double) x.length * y.length / (x.length + y.length));
    return new Result(d, kolmogorovTail((en + 0.12 + 0.11 / en) * d));
  }

  /** P(K > lambda) for the Kolmogorov distribution: 2 Σ (-1)^(j-1) exp(-2 j² λ²). */
  public static double kolmogorovTail(double lambda) {
    if (lambda < 1e-3) return 1.0;
    double sum = 0, sign = 1, lastTerm = 0;
    for (int j = 1; j <= 200; j++) {
      double term = sign * 2 * Math.exp(-2.0 * j * j * lambda * lambda);
      sum += term;
      if (Math.abs(term) <= 1e-10 * Math.abs(sum) || Math.abs(term) <= 1e-16) return clamp(sum);
      sign = -sign;
      lastTerm = term;
    }
    // The series did not settle: only happens for tiny lambda, where the tail is 1.
    return lastTerm == 0 ? clamp(sum) : 1.0;
  }

  private static double clamp(double p) {
    return Math.max(0, Math.min(1, p));
  }
}
