package dev.glassbox.core.appmodel;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Flag thresholds chosen for a target precision or recall on labelled scores: the threshold is always one of the
 * scores, and a call is flagged at or above it, as the explainer flags.
 */
public final class Thresholds {

  private Thresholds() {}

  /** What a threshold is chosen for. */
  public enum Metric {
    PRECISION, RECALL;

    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * For {@code precision}: the lowest threshold (most calls flagged) whose flags reach the target precision; for
   * {@code recall}: the highest threshold whose flags reach the target recall. Null when no threshold does (or
   * there are no positives).
   */
  public static Double choose(double[] scores, boolean[] y, Metric metric, double target) {
    Integer[] order = new Integer[scores.length];
    for (int i = 0; i < order.length; i++) order[i] = i;
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -scores[i]));
    long positives = 0;
    for (boolean b : y) if (b) positives++;
    if (positives == 0) return null;
    Double chosen = null;
    int tp = 0;
    for (int k = 0; k < order.length; k++) {
      if (y[order[k]]) tp++;
      // A threshold sits only where the next score is lower: ties are flagged together.
      if (k + 1 < order.length && scores[order[k + 1]] == scores[order[k]]) continue;
      double t = scores[order[k]];
      if (metric == Metric.PRECISION && (double) tp / (k + 1) >= target) chosen = t;
      if (metric == Metric.RECALL && (double) tp / positives >= target) return t;
    }
    return chosen;
  }
}
