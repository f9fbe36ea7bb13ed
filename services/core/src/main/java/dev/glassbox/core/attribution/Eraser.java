package dev.glassbox.core.attribution;

import java.util.Arrays;
import java.util.Comparator;

/**
 * How faithful an attribution is to the target it explains, by the ERASER definitions (DeYoung et al.,
 * 2020): comprehensiveness (drop when the top segments are removed), sufficiency (drop when only they
 * are kept) and AOPC (comprehensiveness averaged over the top 1, 5, 10, 20 and 50 % of segments).
 */
public final class Eraser {

  static final double[] AOPC_BINS = {0.01, 0.05, 0.10, 0.20, 0.50};

  /** The three numbers, in units of the target. */
  public record Scores(double comprehensiveness, double sufficiency, double aopc) {}

  private Eraser() {}

  /** @param fraction share of segments taken as "top" (at least one) */
  public static Scores of(Target t, double[] scores, double fraction) {
    int n = t.size();
    if (n == 0) return new Scores(0, 0, 0);
    Integer[] order = ranking(scores);
    double full = t.value(Target.all(n, true));
    double comp = full - t.value(without(order, top(n, fraction), n));
    boolean[] only = new boolean[n];
    for (int k = 0; k < top(n, fraction); k++) only[order[k]] = true;
    double suff = full - t.value(only);
    double aopc = 0;
    for (double bin : AOPC_BINS) aopc += full - t.value(without(order, top(n, bin), n));
    return new Scores(comp, suff, aopc / AOPC_BINS.length);
  }

  static int top(int n, double fraction) {
    return Math.max(1, (int) Math.ceil(n * fraction - 1e-9));
  }

  /** Segment indices from the highest score down (ties by index, so rankings are reproducible). */
  public static Integer[] ranking(double[] scores) {
    Integer[] order = new Integer[scores.length];
    for (int i = 0; i < order.length; i++) order[i] = i;
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -scores[i]).thenComparingInt(i -> i));
    return order;
  }

  private static boolean[] without(Integer[] order, int k, int n) {
    boolean[] keep = Target.all(n, true);
    for (int i = 0; i < k; i++) keep[order[i]] = false;
    return keep;
  }
}
