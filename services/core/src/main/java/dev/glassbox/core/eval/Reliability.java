package dev.glassbox.core.eval;

/**
 * How far scores are from being probabilities: expected calibration error over equal-width bins, the mean
 * score beside the true rate, and the share flagged at a threshold beside the true rate.
 *
 * @param ece expected calibration error: the size-weighted mean, over {@code bins} equal-width score bins, of
 *     |mean score − true rate| in the bin
 */
public record Reliability(int n, double ece, double meanScore, double trueRate, double flagRate) {

  public static final int BINS = 10;

  public static Reliability of(double[] scores, boolean[] positive, double threshold) {
    int n = scores.length;
    double[] sum = new double[BINS], pos = new double[BINS];
    int[] count = new int[BINS];
    double total = 0, positives = 0, flagged = 0;
    for (int i = 0; i < n; i++) {
      int b = Math.min(BINS - 1, (int) Math.floor(scores[i] * BINS));
      sum[b] += scores[i];
      pos[b] += positive[i] ? 1 : 0;
      count[b]++;
      total += scores[i];
      positives += positive[i] ? 1 : 0;
      if (scores[i] >= threshold) flagged++;
    }
    double ece = 0;
    for (int b = 0; b < BINS; b++) if (count[b] > 0) ece += Math.abs(sum[b] - pos[b]) / n;
    return n == 0 ? new Reliability(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN)
        : new Reliability(n, ece, total / n, positives / n, flagged / n);
  }
}
