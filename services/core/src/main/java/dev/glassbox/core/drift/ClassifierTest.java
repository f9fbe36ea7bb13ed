package dev.glassbox.core.drift;

import java.util.SplittableRandom;

/**
 * Classifier two-sample test: a logistic regression learns to tell the window from the reference on one half of
 * each, and its AUC on the other half is tested against 0.5 with the Mann–Whitney normal approximation. The
 * held-out half is independent of the fit, so the p-value is valid whatever the classifier learned.
 */
public final class ClassifierTest {

  private static final int EPOCHS = 100;
  private static final double LEARNING_RATE = 0.1;
  private static final double L2 = 1e-3;

  private ClassifierTest() {}

  /** Held-out AUC (0.5 = indistinguishable) and its one-sided p-value. */
  public record Result(double auc, double pValue) {}

  public static Result test(float[][] reference, float[][] window, long seed) {
    if (reference.length < 4 || window.length < 4) {
      throw new IllegalArgumentException("the classifier test needs at least four vectors per sample");
    }
    SplittableRandom random = new SplittableRandom(seed);
    int[] r = permutation(reference.length, random);
    int[] w = permutation(window.length, random);
    int rTrain = reference.length / 2, wTrain = window.length / 2;
    int dim = reference[0].length;
    // Standardised features (mean and spread of the training halves): embedding coordinates are tiny (~1/√dim),
    // and one learning rate fits every input once they are on one scale.
    double[][] train = new double[rTrain + wTrain][];
    for (int t = 0; t < rTrain; t++) train[t] = toDouble(reference[r[t]]);
    for (int t = 0; t < wTrain; t++) train[rTrain + t] = toDouble(window[w[t]]);
    double[] mean = new double[dim], scale = new double[dim];
    for (double[] v : train) for (int d = 0; d < dim; d++) mean[d] += v[d] / train.length;
    for (double[] v : train) for (int d = 0; d < dim; d++) scale[d] += (v[d] - mean[d]) * (v[d] - mean[d]) / train.length;
    for (int d = 0; d < dim; d++) scale[d] = scale[d] > 1e-12 ? 1 / Math.sqrt(scale[d]) : 0;
    for (double[] v : train) standardise(v, mean, scale);

    double[] weights = new double[dim];
    double bias = 0;
    int trainSize = train.length;
    // Class weights balance unequal halves, so the intercept alone cannot score.
    double weightR = trainSize / (2.0 * rTrain), weightW = trainSize / (2.0 * wTrain);
    double[] grad = new double[dim];
    for (int epoch = 0; epoch < EPOCHS; epoch++) {
      java.util.Arrays.fill(grad, 0);
      double gradBias = 0;
      for (int t = 0; t < trainSize; t++) {
        boolean isWindow = t >= rTrain;
        double[] v = train[t];
        double err = (sigmoid(score(weights, bias, v)) - (isWindow ? 1 : 0)) * (isWindow ? weightW : weightR);
        for (int d = 0; d < dim; d++) grad[d] += err * v[d];
        gradBias += err;
      }
      for (int d = 0; d < dim; d++) weights[d] -= LEARNING_RATE * (grad[d] / trainSize + L2 * weights[d]);
      bias -= LEARNING_RATE * gradBias / trainSize;
    }
    double[] refScores = new double[reference.length - rTrain];
    double[] winScores = new double[window.length - wTrain];
    for (int i = 0; i < refScores.length; i++) {
      refScores[i] = score(weights, bias, standardise(toDouble(reference[r[rTrain + i]]), mean, scale));
    }
    for (int i = 0; i < winScores.length; i++) {
      winScores[i] = score(weights, bias, standardise(toDouble(window[w[wTrain + i]]), mean, scale));
    }
    double auc = auc(refScores, winScores);
    int n1 = refScores.length, n2 = winScores.length;
    double se = Math.sqrt((n1 + n2 + 1) / (12.0 * n1 * n2));
    return new Result(auc, Normal.upperTail((auc - 0.5) / se));
  }

  /** P(window score > reference score) + ½ P(tie): the Mann–Whitney U over n1·n2. */
  static double auc(double[] negatives, double[] positives) {
    double u = 0;
    for (double p : positives) {
      for (double q : negatives) {
        if (p > q) u += 1;
        else if (p == q) u += 0.5;
      }
    }
    return u / ((double) negatives.length * positives.length);
  }

  private static double[] toDouble(float[] v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) out[i] = v[i];
    return out;
  }

  private static double[] standardise(double[] v, double[] mean, double[] scale) {
    for (int d = 0; d < v.length; d++) v[d] = (v[d] - mean[d]) * scale[d];
    return v;
  }

  private static double score(double[] weights, double bias, double[] v) {
    double s = bias;
    for (int d = 0; d < v.length; d++) s += weights[d] * v[d];
    return s;
  }

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  private static int[] permutation(int n, SplittableRandom random) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) a[i] = i;
    Mmd.shuffle(a, random);
    return a;
  }
}
