package dev.glassbox.core.attribution;

/** Lasso regression by cyclic coordinate descent on centred data: min ½‖y − b − Xw‖²/m + λ‖w‖₁. */
public final class Lasso {

  private Lasso() {}

  /** Returns the weights (the intercept is fitted but not returned). */
  public static double[] fit(double[][] x, double[] y, double lambda, int sweeps) {
    int m = x.length, n = m == 0 ? 0 : x[0].length;
    double[] mean = new double[n];
    double yMean = 0;
    for (int i = 0; i < m; i++) {
      yMean += y[i];
      for (int j = 0; j < n; j++) mean[j] += x[i][j];
    }
    yMean /= m;
    for (int j = 0; j < n; j++) mean[j] /= m;
    double[][] xc = new double[m][n];
    double[] norm = new double[n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        xc[i][j] = x[i][j] - mean[j];
        norm[j] += xc[i][j] * xc[i][j] / m;
      }
    }
    double[] w = new double[n];
    double[] r = new double[m];
    for (int i = 0; i < m; i++) r[i] = y[i] - yMean;
    for (int sweep = 0; sweep < sweeps; sweep++) {
      double change = 0;
      for (int j = 0; j < n; j++) {
        if (norm[j] == 0) continue;
        double rho = 0;
        for (int i = 0; i < m; i++) rho += xc[i][j] * (r[i] + xc[i][j] * w[j]);
        rho /= m;
        double updated = Math.signum(rho) * Math.max(0, Math.abs(rho) - lambda) / norm[j];
        double delta = updated - w[j];
        if (delta != 0) {
          for (int i = 0; i < m; i++) r[i] -= xc[i][j] * delta;
          w[j] = updated;
          change = Math.max(change, Math.abs(delta));
        }
      }
      if (change < 1e-9) break;
    }
    return w;
  }
}
