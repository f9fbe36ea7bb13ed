package dev.glassbox.core.drift;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Maximum mean discrepancy between two samples of vectors: the unbiased MMD² estimate with a Gaussian (RBF) kernel
 * whose bandwidth is the median pairwise distance of the pooled sample, and a permutation-test p-value.
 */
public final class Mmd {

  /** Pairs used to estimate the median distance; the median of 20k pairs is stable to a few percent. */
  private static final int MEDIAN_PAIRS = 20_000;

  private Mmd() {}

  /**
   * @param statistic unbiased MMD²
   * @param pValue (1 + permutations at least as large) / (1 + permutations)
   * @param bandwidth the kernel's σ (median pairwise distance)
   * @param witness for each point of the second sample, mean kernel to the second sample minus mean kernel to the
   *     first: high where the second sample has mass the first lacks
   */
  public record Result(double statistic, double pValue, double bandwidth, double[] witness) {}

  public static Result test(float[][] x, float[][] y, int permutations, long seed) {
    int n = x.length, m = y.length, total = n + m;
    if (n < 2 || m < 2) throw new IllegalArgumentException("MMD needs at least two vectors per sample");
    float[][] pooled = new float[total][];
    System.arraycopy(x, 0, pooled, 0, n);
    System.arraycopy(y, 0, pooled, n, m);
    double[] norms = new double[total];
    for (int i = 0; i < total; i++) norms[i] = dot(pooled[i], pooled[i]);

    float[][] d2 = new float[total][total];
    for (int i = 0; i < total; i++) {
      for (int j = i + 1; j < total; j++) {
        float v = (float) Math.max(0, norms[i] + norms[j] - 2 * dot(pooled[i], pooled[j]));
        d2[i][j] = v;
        d2[j][i] = v;
      }
    }
    SplittableRandom random = new SplittableRandom(seed);
    double sigma2 = medianSquaredDistance(d2, random);
    if (sigma2 <= 0) sigma2 = 1; // every vector identical: any bandwidth gives MMD² = 0
    double gamma = 1.0 / (2 * sigma2);
    // Reuse the distance matrix for the kernel: k = exp(-d² / 2σ²), diagonal 1.
    float[][] k = d2;
    double[] rowSum = new double[total];
    for (int i = 0; i < total; i++) {
      double s = 0;
      for (int j = 0; j < total; j++) {
        float v = i == j ? 1f : (float) Math.exp(-gamma * d2[i][j]);
        k[i][j] = v;
        s += v;
      }
      rowSum[i] = s;
    }

    int[] labels = new int[total];
    for (int i = 0; i < total; i++) labels[i] = i < n ? 0 : 1;
    double observed = statistic(k, rowSum, labels, n, m);
    int atLeast = 0;
    int[] members = new int[n];
    for (int p = 0; p < permutations; p++) {
      shuffle(labels, random);
      if (statistic(k, rowSum, labels, n, m, members) >= observed) atLeast++;
    }
    double[] witness = new double[m];
    for (int j = 0; j < m; j++) {
      float[] row = k[n + j];
      double toX = 0, toY = 0;
      for (int i = 0; i < n; i++) toX += row[i];
      for (int i = n; i < total; i++) toY += row[i];
      witness[j] = (toY - 1) / (m - 1) - toX / n;
    }
    return new Result(observed, (1.0 + atLeast) / (1.0 + permutations), Math.sqrt(sigma2), witness);
  }

  private static double statistic(float[][] k, double[] rowSum, int[] labels, int n, int m) {
    return statistic(k, rowSum, labels, n, m, new int[n]);
  }

  /** MMD² for a labelling: block sums from each row's sum over the first group (rows' totals are precomputed). */
  private static double statistic(float[][] k, double[] rowSum, int[] labels, int n, int m, int[] members) {
    int c = 0;
    for (int i = 0; i < labels.length; i++) if (labels[i] == 0) members[c++] = i;
    double sxx = 0, sxy = 0, syy = 0;
    for (int i = 0; i < labels.length; i++) {
      float[] row = k[i];
      double toX = 0;
      for (int t = 0; t < n; t++) toX += row[members[t]];
      if (labels[i] == 0) {
        sxx += toX;
      } else {
        sxy += toX;
        syy += rowSum[i] - toX;
      }
    }
    // The diagonal (k = 1) is left out of the within-sample means: that is what makes the estimate unbiased.
    return (sxx - n) / ((double) n * (n - 1)) + (syy - m) / ((double) m * (m - 1)) - 2 * sxy / ((double) n * m);
  }

  private static double medianSquaredDistance(float[][] d2, SplittableRandom random) {
    int total = d2.length;
    long allPairs = (long) total * (total - 1) / 2;
    double[] sample;
    if (allPairs <= MEDIAN_PAIRS) {
      sample = new double[(int) allPairs];
      int c = 0;
      for (int i = 0; i < total; i++) for (int j = i + 1; j < total; j++) sample[c++] = d2[i][j];
    } else {
      sample = new double[MEDIAN_PAIRS];
      for (int c = 0; c < MEDIAN_PAIRS; c++) {
        int i = random.nextInt(total), j = random.nextInt(total - 1);
        if (j >= i) j++;
        sample[c] = d2[i][j];
      }
    }
    Arrays.sort(sample);
    int h = sample.length / 2;
    return sample.length % 2 == 1 ? sample[h] : (sample[h - 1] + sample[h]) / 2;
  }

  static void shuffle(int[] a, SplittableRandom random) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  }
}
