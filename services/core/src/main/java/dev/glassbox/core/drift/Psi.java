package dev.glassbox.core.drift;

import java.util.Arrays;

/**
 * Population stability index with bins fixed by the reference's quantiles:
 * Σ (w − r) · ln(w / r) over bins, r and w being the reference and window shares of each bin.
 */
public final class Psi {

  /** Bin shares below this are lifted to it, so an empty bin gives a large but finite index. */
  static final double FLOOR = 1e-4;

  private Psi() {}

  /**
   * Upper bin edges from the reference: the {@code 1/bins … (bins-1)/bins} quantiles, duplicates dropped
   * (a discrete signal gets fewer, wider bins). A value v falls in the first bin whose edge is ≥ v.
   */
  public static double[] edges(double[] reference, int bins) {
    if (reference.length == 0) throw new IllegalArgumentException("the reference is empty");
    double[] s = reference.clone();
    Arrays.sort(s);
    double[] e = new double[bins - 1];
    int n = 0;
    for (int k = 1; k < bins; k++) {
      double q = s[Math.min(s.length - 1, (int) Math.ceil((double) k * s.length / bins) - 1)];
      if (n == 0 || q > e[n - 1]) e[n++] = q;
    }
    // The top edge equal to the maximum would leave the last bin empty in the reference.
    if (n > 0 && e[n - 1] >= s[s.length - 1]) n--;
    return Arrays.copyOf(e, n);
  }

  public static double[] shares(double[] values, double[] edges) {
    double[] c = new double[edges.length + 1];
    for (double v : values) {
      int bin = Arrays.binarySearch(edges, v);
      if (bin < 0) bin = -bin - 1;
      c[bin]++;
    }
    for (int i = 0; i < c.length; i++) c[i] /= values.length;
    return c;
  }

  public static double index(double[] reference, double[] window, int bins) {
    double[] edges = edges(reference, bins);
    double[] r = shares(reference, edges);
    double[] w = shares(window, edges);
    double psi = 0;
    for (int i = 0; i < r.length; i++) {
      double ri = Math.max(r[i], FLOOR), wi = Math.max(w[i], FLOOR);
      psi += (wi - ri) * Math.log(wi / ri);
    }
    return psi;
  }
}
