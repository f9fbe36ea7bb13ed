package dev.glassbox.core.attribution;

import java.util.Random;

/**
 * The attribution methods over segments, each returning one score per segment (higher = the segment
 * contributes more to the target) and counting the target evaluations it spent.
 *
 * <ul>
 *   <li>{@code leave-one-out}: the drop when one segment is removed (n + 1 evaluations);</li>
 *   <li>{@code contextcite}: a sparse linear surrogate (Lasso) fitted to random ablations, as in
 *       ContextCite (Cohen-Wang et al., 2024);</li>
 *   <li>{@code shapley}: Shapley values by permutation sampling (Castro et al., 2009);</li>
 *   <li>{@code random}: random scores, the baseline every method must beat.</li>
 * </ul>
 */
public final class Attributor {

  /** The scores and what they cost. */
  public record Result(String method, double[] scores, int evaluations) {}

  private Attributor() {}

  public static Result leaveOneOut(Target t) {
    int n = t.size();
    boolean[] keep = Target.all(n, true);
    double base = t.value(keep);
    double[] s = new double[n];
    for (int j = 0; j < n; j++) {
      keep[j] = false;
      s[j] = base - t.value(keep);
      keep[j] = true;
    }
    return new Result("leave-one-out", s, n + 1);
  }

  /**
   * @param ablations random subsets to evaluate (each segment kept with probability one half)
   * @param lambda L1 penalty of the Lasso fit
   */
  public static Result contextCite(Target t, int ablations, double lambda, long seed) {
    int n = t.size();
    Random rnd = new Random(seed);
    double[][] x = new double[ablations + 1][n];
    double[] y = new double[ablations + 1];
    boolean[] keep = new boolean[n];
    for (int i = 0; i <= ablations; i++) {
      for (int j = 0; j < n; j++) {
        keep[j] = i == 0 || rnd.nextBoolean();
        x[i][j] = keep[j] ? 1 : 0;
      }
      y[i] = t.value(keep);
    }
    return new Result("contextcite", Lasso.fit(x, y, lambda, 200), ablations + 1);
  }

  /** @param permutations orderings sampled; each costs n + 1 evaluations */
  public static Result shapley(Target t, int permutations, long seed) {
    int n = t.size();
    Random rnd = new Random(seed);
    double[] s = new double[n];
    int[] order = new int[n];
    for (int j = 0; j < n; j++) order[j] = j;
    int evals = 0;
    for (int p = 0; p < permutations; p++) {
      for (int j = n - 1; j > 0; j--) {
        int k = rnd.nextInt(j + 1);
        int tmp = order[j];
        order[j] = order[k];
        order[k] = tmp;
      }
      boolean[] keep = new boolean[n];
      double prev = t.value(keep);
      evals++;
      for (int j : order) {
        keep[j] = true;
        double v = t.value(keep);
        evals++;
        s[j] += v - prev;
        prev = v;
      }
    }
    for (int j = 0; j < n; j++) s[j] /= Math.max(1, permutations);
    return new Result("shapley", s, evals);
  }

  public static Result random(int n, long seed) {
    Random rnd = new Random(seed);
    double[] s = new double[n];
    for (int j = 0; j < n; j++) s[j] = rnd.nextDouble();
    return new Result("random", s, 0);
  }
}
