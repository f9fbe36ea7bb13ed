package dev.glassbox.core.eval;

import java.util.Arrays;
import java.util.Comparator;

/** Ranking metrics for detectors: AUROC and AUC-PR (average precision), positives labelled {@code true}. */
public final class RankMetrics {

  private RankMetrics() {}

  /** Area under the ROC curve by the Mann–Whitney U statistic, ties counted as one half; NaN without both classes. */
  public static double auroc(double[] scores, boolean[] positive) {
    int n = scores.length;
    Integer[] idx = sortedIndex(scores);
    double[] rank = new double[n];
    for (int i = 0; i < n;) {
      int j = i;
      while (j + 1 < n && scores[idx[j + 1]] == scores[idx[i]]) j++;
      double r = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) rank[idx[k]] = r;
      i = j + 1;
    }
    long pos = 0;
    double sumPos = 0;
    for (int i = 0; i < n; i++) {
      if (positive[i]) {
        pos++;
        sumPos += rank[i];
      }
    }
    long neg = n - pos;
    if (pos == 0 || neg == 0) return Double.NaN;
    return (sumPos - pos * (pos + 1) / 2.0) / ((double) pos * neg);
  }

  /**
   * Average precision (the step-wise area under the precision–recall curve, as scikit-learn computes it);
   * tied scores are taken as one threshold.
   */
  public static double aucPr(double[] scores, boolean[] positive) {
    int n = scores.length;
    Integer[] idx = sortedIndex(scores);
    long totalPos = 0;
    for (boolean p : positive) if (p) totalPos++;
    if (totalPos == 0) return Double.NaN;
    double ap = 0, prevRecall = 0;
    long tp = 0, seen = 0;
    for (int i = n - 1; i >= 0;) {
      int j = i;
      while (j - 1 >= 0 && scores[idx[j - 1]] == scores[idx[i]]) j--;
      for (int k = j; k <= i; k++) {
        seen++;
        if (positive[idx[k]]) tp++;
      }
      double recall = (double) tp / totalPos;
      double precision = (double) tp / seen;
      ap += (recall - prevRecall) * precision;
      prevRecall = recall;
      i = j - 1;
    }
    return ap;
  }

  private static Integer[] sortedIndex(double[] scores) {
    Integer[] idx = new Integer[scores.length];
    for (int i = 0; i < idx.length; i++) idx[i] = i;
    Arrays.sort(idx, Comparator.comparingDouble(i -> scores[i]));
    return idx;
  }
}
