package dev.glassbox.core.drift;

import java.util.SplittableRandom;

/** Gaussian test samples. */
final class Samples {

  private Samples() {}

  static float[][] gaussian(SplittableRandom r, int n, int dim, double shift) {
    float[][] out = new float[n][dim];
    for (int i = 0; i < n; i++) for (int d = 0; d < dim; d++) out[i][d] = (float) (normal(r) + (d == 0 ? shift : 0));
    return out;
  }

  static double[] gaussian(SplittableRandom r, int n, double shift) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) out[i] = normal(r) + shift;
    return out;
  }

  static double normal(SplittableRandom r) {
    double u = r.nextDouble(), v = r.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
  }
}
