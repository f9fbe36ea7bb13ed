package dev.glassbox.core.attribution;

import dev.glassbox.core.encode.AttentionEncoder;
import dev.glassbox.core.text.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Attention rollout (Abnar and Zuidema, 2020): how much each input token flows into each position after all layers,
 * taking the residual connection into account. Shown beside the attribution as a second view of the surrogate; the
 * survey warns that attention is not an explanation by itself, so it is never used for scores.
 */
public final class AttentionRollout {

  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

  private AttentionRollout() {}

  /** A word of the first text and the share of the second text's attention that flows to it. */
  public record WordScore(int start, int end, String word, double score) {}

  /**
   * Rolls the layers out: each head-averaged layer becomes {@code 0.5 A + 0.5 I} with rows renormalised, and the
   * layers are multiplied from the first up, so {@code r[i][j]} is how much of token i's last state comes from
   * input token j.
   */
  public static double[][] rollout(float[][][] layers) {
    if (layers.length == 0) throw new IllegalArgumentException("no layers");
    int n = layers[0].length;
    double[][] r = identity(n);
    for (float[][] a : layers) {
      if (a.length != n) throw new IllegalArgumentException("layers of different sizes");
      double[][] mixed = new double[n][n];
      for (int i = 0; i < n; i++) {
        double sum = 0;
        for (int j = 0; j < n; j++) {
          mixed[i][j] = 0.5 * a[i][j] + (i == j ? 0.5 : 0);
          sum += mixed[i][j];
        }
        if (sum > 0) for (int j = 0; j < n; j++) mixed[i][j] /= sum;
      }
      r = multiply(mixed, r);
    }
    return r;
  }

  /**
   * The words of {@code first} by the rollout attention that the tokens of the second text pay to their word
   * pieces (summed over pieces, averaged over the second text's tokens), normalised to sum to 1 over the words.
   */
  public static List<WordScore> firstTextWords(AttentionEncoder.Joint joint, String first) {
    double[][] r = rollout(joint.layers());
    int n = joint.part().length;
    double[] toToken = new double[n];
    int readers = 0;
    for (int i = 0; i < n; i++) {
      if (joint.part()[i] != 2) continue;
      readers++;
      for (int j = 0; j < n; j++) if (joint.part()[j] == 1) toToken[j] += r[i][j];
    }
    List<WordScore> words = new ArrayList<>();
    if (readers == 0) return words;
    Matcher m = WORD.matcher(first);
    double total = 0;
    List<double[]> raw = new ArrayList<>();
    while (m.find()) {
      double s = 0;
      for (int j = 0; j < n; j++) {
        Span sp = joint.spans().get(j);
        if (joint.part()[j] == 1 && sp.start() < m.end() && sp.end() > m.start()) s += toToken[j] / readers;
      }
      raw.add(new double[] {m.start(), m.end(), s});
      total += s;
    }
    for (double[] w : raw) {
      int start = (int) w[0], end = (int) w[1];
      words.add(new WordScore(start, end, first.substring(start, end), total == 0 ? 0 : w[2] / total));
    }
    return words;
  }

  private static double[][] identity(int n) {
    double[][] id = new double[n][n];
    for (int i = 0; i < n; i++) id[i][i] = 1;
    return id;
  }

  private static double[][] multiply(double[][] a, double[][] b) {
    int n = a.length;
    double[][] c = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < n; k++) {
        double aik = a[i][k];
        if (aik == 0) continue;
        for (int j = 0; j < n; j++) c[i][j] += aik * b[k][j];
      }
    }
    return c;
  }
}
