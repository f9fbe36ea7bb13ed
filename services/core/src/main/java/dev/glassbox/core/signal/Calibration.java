package dev.glassbox.core.signal;

/**
 * Platt scaling: maps a learned risk to a probability, {@code p = sigmoid(slope · logit(risk) + intercept)},
 * fitted on held-out calls so that a score of 0.5 means even odds on the calls it was checked on.
 */
public record Calibration(double slope, double intercept) {

  /** The map that changes nothing. */
  public static final Calibration IDENTITY = new Calibration(1, 0);

  public double apply(double risk) {
    return Vectors.sigmoid(slope * logit(risk) + intercept);
  }

  /** The log-odds of a risk, kept finite. */
  public static double logit(double p) {
    double q = Math.min(1 - 1e-6, Math.max(1e-6, p));
    return Math.log(q / (1 - q));
  }

  /**
   * Fits slope and intercept by logistic regression of the labels on the risks' log-odds (classes as they come),
   * each row counting {@code rowWeight} times (null: once).
   */
  public static Calibration fit(double[] risks, boolean[] y, double[] rowWeight) {
    double[][] x = new double[risks.length][1];
    for (int i = 0; i < risks.length; i++) x[i][0] = logit(risks[i]);
    // A tiny penalty keeps the fit finite on separable data; the features are not standardised here.
    double[] beta = LogisticModel.fitRaw(x, y, 1e-4, false, rowWeight);
    return new Calibration(beta[0], beta[1]);
  }
}
