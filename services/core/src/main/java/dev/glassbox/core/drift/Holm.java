package dev.glassbox.core.drift;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Holm's step-down correction: the family-wise error rate over all tests of one window stays at α
 * whatever their dependence (the prompt, response and signal tests of a window are strongly dependent).
 */
public final class Holm {

  private Holm() {}

  /**
   * @param thresholds the level each p-value was compared with (α / (k − rank))
   * @param rejected which null hypotheses are rejected
   * @param adjusted Holm-adjusted p-values (reject when ≤ α)
   */
  public record Decision(double[] thresholds, boolean[] rejected, double[] adjusted) {}

  public static Decision apply(double[] p, double alpha) {
    int k = p.length;
    Integer[] order = new Integer[k];
    for (int i = 0; i < k; i++) order[i] = i;
    Arrays.sort(order, Comparator.comparingDouble(i -> p[i]));
    double[] thresholds = new double[k];
    boolean[] rejected = new boolean[k];
    double[] adjusted = new double[k];
    boolean stillRejecting = true;
    double running = 0;
    for (int rank = 0; rank < k; rank++) {
      int i = order[rank];
      thresholds[i] = alpha / (k - rank);
      stillRejecting &= p[i] <= thresholds[i];
      rejected[i] = stillRejecting;
      running = Math.max(running, Math.min(1, (k - rank) * p[i]));
      adjusted[i] = running;
    }
    return new Decision(thresholds, rejected, adjusted);
  }
}
