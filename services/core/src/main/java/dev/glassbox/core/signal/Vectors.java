package dev.glassbox.core.signal;

/** Small vector helpers on {@code float[]}. */
public final class Vectors {

  private Vectors() {}

  public static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  }

  /** Cosine similarity; for unit vectors it equals the dot product. */
  public static double cosine(float[] a, float[] b) {
    double na = dot(a, a), nb = dot(b, b);
    if (na == 0 || nb == 0) return 0;
    return dot(a, b) / Math.sqrt(na * nb);
  }

  /** Scales to unit length in place (a zero vector stays zero) and returns it. */
  public static float[] normalize(float[] v) {
    double n = Math.sqrt(dot(v, v));
    if (n > 0) for (int i = 0; i < v.length; i++) v[i] = (float) (v[i] / n);
    return v;
  }

  public static double clamp01(double x) {
    return x < 0 ? 0 : (x > 1 ? 1 : x);
  }

  public static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  /** Rounds for JSON output so explanations stay readable and stable. */
  public static double round(double x) {
    if (!Double.isFinite(x)) return x;
    return Math.round(x * 10_000d) / 10_000d;
  }
}
