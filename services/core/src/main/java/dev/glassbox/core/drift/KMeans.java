package dev.glassbox.core.drift;

import java.util.SplittableRandom;

/** Lloyd's k-means with k-means++ seeding from a fixed seed, so the same input always gives the same clusters. */
public final class KMeans {

  private static final int MAX_ITERATIONS = 50;

  private KMeans() {}

  /** Cluster centres and each point's cluster. */
  public record Result(float[][] centroids, int[] assignment) {}

  public static Result fit(float[][] points, int k, long seed) {
    int n = points.length;
    if (n == 0) throw new IllegalArgumentException("k-means needs at least one point");
    k = Math.min(k, n);
    int dim = points[0].length;
    SplittableRandom random = new SplittableRandom(seed);
    float[][] centroids = new float[k][];
    centroids[0] = points[random.nextInt(n)].clone();
    double[] nearest = new double[n];
    java.util.Arrays.fill(nearest, Double.MAX_VALUE);
    for (int c = 1; c < k; c++) {
      double total = 0;
      for (int i = 0; i < n; i++) {
        nearest[i] = Math.min(nearest[i], distance2(points[i], centroids[c - 1]));
        total += nearest[i];
      }
      int pick = random.nextInt(n);
      if (total > 0) {
        // Next centre drawn with probability proportional to the squared distance to the nearest chosen one.
        double u = random.nextDouble() * total;
        for (int i = 0; i < n; i++) {
          u -= nearest[i];
          if (u <= 0) {
            pick = i;
            break;
          }
        }
      }
      centroids[c] = points[pick].clone();
    }
    int[] assignment = new int[n];
    for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
      boolean moved = iteration == 0;
      for (int i = 0; i < n; i++) {
        int best = closest(points[i], centroids);
        if (best != assignment[i]) moved = true;
        assignment[i] = best;
      }
      if (!moved) break;
      double[][] sums = new double[k][dim];
      int[] counts = new int[k];
      for (int i = 0; i < n; i++) {
        counts[assignment[i]]++;
        for (int d = 0; d < dim; d++) sums[assignment[i]][d] += points[i][d];
      }
      for (int c = 0; c < k; c++) {
        if (counts[c] == 0) continue; // an empty cluster keeps its centre
        for (int d = 0; d < dim; d++) centroids[c][d] = (float) (sums[c][d] / counts[c]);
      }
    }
    return new Result(centroids, assignment);
  }

  public static int closest(float[] point, float[][] centroids) {
    int best = 0;
    double bestD = Double.MAX_VALUE;
    for (int c = 0; c < centroids.length; c++) {
      double d = distance2(point, centroids[c]);
      if (d < bestD) {
        bestD = d;
        best = c;
      }
    }
    return best;
  }

  static double distance2(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      double d = a[i] - b[i];
      s += d * d;
    }
    return s;
  }
}
