package dev.glassbox.core.signal;

import java.util.Arrays;
import java.util.List;

/**
 * Logistic regression over standardised features: {@code p = sigmoid(bias + Σ w·(x − mean)/scale)}.
 * A missing feature (NaN) counts as its training mean, so it moves the risk neither way.
 *
 * @param features names of the inputs, in order
 */
public record LogisticModel(List<String> features, double[] mean, double[] scale, double[] weights, double bias) {

  public double probability(double[] x) {
    return Vectors.sigmoid(logit(x));
  }

  public double logit(double[] x) {
    if (x.length != weights.length) {
      throw new IllegalArgumentException("expected " + weights.length + " features " + features + ", got " + x.length);
    }
    double z = bias;
    for (int j = 0; j < x.length; j++) if (!Double.isNaN(x[j])) z += weights[j] * (x[j] - mean[j]) / scale[j];
    return z;
  }

  /**
   * Fits by Newton's method with an L2 penalty on the weights (not the bias) and with the two classes
   * weighted equally, so that 0.5 means even odds whatever the training base rate.
   *
   * @param l2 penalty per unit of total (balanced) sample weight
   */
  public static LogisticModel fit(List<String> features, double[][] x, boolean[] y, double l2) {
    return fit(features, x, y, l2, null);
  }

  /**
   * As {@link #fit(List, double[][], boolean[], double)}, each row counting {@code rowWeight} times (null: once),
   * so that rows pooled from several files can make each file count equally.
   */
  public static LogisticModel fit(List<String> features, double[][] x, boolean[] y, double l2, double[] rowWeight) {
    int n = x.length, d = features.size();
    int positives = 0;
    for (boolean b : y) if (b) positives++;
    if (positives == 0 || positives == n) throw new IllegalArgumentException("both classes are needed to fit, got " + positives + " of " + n);
    double[] mean = new double[d], scale = new double[d];
    for (int j = 0; j < d; j++) {
      double sum = 0, sq = 0;
      int k = 0;
      for (double[] row : x) {
        if (Double.isNaN(row[j])) continue;
        sum += row[j];
        sq += row[j] * row[j];
        k++;
      }
      mean[j] = k == 0 ? 0 : sum / k;
      double var = k == 0 ? 0 : sq / k - mean[j] * mean[j];
      scale[j] = var > 1e-12 ? Math.sqrt(var) : 1;
    }
    double[][] z = new double[n][d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) z[i][j] = Double.isNaN(x[i][j]) ? 0 : (x[i][j] - mean[j]) / scale[j];
    }
    double[] beta = fitRaw(z, y, l2, true, rowWeight);
    return new LogisticModel(List.copyOf(features), mean, scale, Arrays.copyOf(beta, d), beta[d]);
  }

  /**
   * Fits with every weight non-negative: a feature whose weight comes out negative is left out (weight 0) and
   * the rest refitted. Every feature measures missing support, so more of it must never lower the risk; a
   * negative weight would learn the shape of a training file (short copied answers), not support.
   */
  public static LogisticModel fitMonotone(List<String> features, double[][] x, boolean[] y, double l2) {
    return fitMonotone(features, x, y, l2, null);
  }

  /** {@link #fitMonotone(List, double[][], boolean[], double)} with a weight per row (null: one each). */
  public static LogisticModel fitMonotone(List<String> features, double[][] x, boolean[] y, double l2, double[] rowWeight) {
    boolean[] out = new boolean[features.size()];
    while (true) {
      double[][] kept = new double[x.length][];
      for (int i = 0; i < x.length; i++) {
        kept[i] = x[i].clone();
        for (int j = 0; j < out.length; j++) if (out[j]) kept[i][j] = 0;
      }
      LogisticModel m = fit(features, kept, y, l2, rowWeight);
      int worst = -1;
      for (int j = 0; j < out.length; j++) if (!out[j] && m.weights()[j] < 0 && (worst < 0 || m.weights()[j] < m.weights()[worst])) worst = j;
      if (worst < 0) return m;
      out[worst] = true;
    }
  }

  /**
   * Newton's method on the rows as given, with an intercept last in the result; {@code balanced} weights the
   * two classes equally, otherwise every row counts once (what a calibration needs: the base rate matters);
   * {@code rowWeight} (null: all 1) multiplies each row's weight.
   */
  static double[] fitRaw(double[][] x, boolean[] y, double l2, boolean balanced, double[] rowWeight) {
    int n = x.length, d = n == 0 ? 0 : x[0].length;
    double[] rw = new double[n];
    double total = 0, positives = 0;
    for (int i = 0; i < n; i++) {
      rw[i] = rowWeight == null ? 1 : rowWeight[i];
      total += rw[i];
      if (y[i]) positives += rw[i];
    }
    // Row weights are scaled to a mean of one, so the penalty means the same with or without them.
    for (int i = 0; i < n; i++) rw[i] *= n / total;
    positives *= n / total;
    double[][] z = new double[n][d + 1];
    for (int i = 0; i < n; i++) {
      System.arraycopy(x[i], 0, z[i], 0, d);
      z[i][d] = 1;
    }
    double wPos = balanced ? n / (2.0 * positives) : 1, wNeg = balanced ? n / (2.0 * (n - positives)) : 1;
    double lambda = l2 * n;
    double[] beta = new double[d + 1];
    for (int iter = 0; iter < 100; iter++) {
      double[] grad = new double[d + 1];
      double[][] hess = new double[d + 1][d + 1];
      for (int i = 0; i < n; i++) {
        double eta = 0;
        for (int j = 0; j <= d; j++) eta += beta[j] * z[i][j];
        double p = Vectors.sigmoid(eta);
        double w = (y[i] ? wPos : wNeg) * rw[i];
        double r = w * (p - (y[i] ? 1 : 0));
        double h = w * p * (1 - p);
        for (int a = 0; a <= d; a++) {
          grad[a] += r * z[i][a];
          for (int b = 0; b <= a; b++) hess[a][b] += h * z[i][a] * z[i][b];
        }
      }
      for (int a = 0; a <= d; a++) for (int b = 0; b < a; b++) hess[b][a] = hess[a][b];
      for (int j = 0; j < d; j++) {
        grad[j] += lambda * beta[j];
        hess[j][j] += lambda;
      }
      hess[d][d] += 1e-9;
      double[] step = solve(hess, grad);
      double change = 0;
      for (int j = 0; j <= d; j++) {
        beta[j] -= step[j];
        change = Math.max(change, Math.abs(step[j]));
      }
      if (change < 1e-9) break;
    }
    return beta;
  }

  /** Solves {@code a·x = b} by Gaussian elimination with partial pivoting (a small dense system). */
  static double[] solve(double[][] a, double[] b) {
    int n = b.length;
    double[][] m = new double[n][];
    for (int i = 0; i < n; i++) {
      m[i] = Arrays.copyOf(a[i], n + 1);
      m[i][n] = b[i];
    }
    for (int c = 0; c < n; c++) {
      int pivot = c;
      for (int r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) pivot = r;
      double[] t = m[c];
      m[c] = m[pivot];
      m[pivot] = t;
      if (Math.abs(m[c][c]) < 1e-15) continue;
      for (int r = c + 1; r < n; r++) {
        double f = m[r][c] / m[c][c];
        for (int k = c; k <= n; k++) m[r][k] -= f * m[c][k];
      }
    }
    double[] x = new double[n];
    for (int i = n - 1; i >= 0; i--) {
      double s = m[i][n];
      for (int k = i + 1; k < n; k++) s -= m[i][k] * x[k];
      x[i] = Math.abs(m[i][i]) < 1e-15 ? 0 : s / m[i][i];
    }
    return x;
  }
}
