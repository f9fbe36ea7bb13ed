package dev.glassbox.core.signal;

import dev.glassbox.core.encode.Encoder.Encoded;
import dev.glassbox.core.text.Words;
import java.util.List;
import java.util.Locale;

/**
 * BERTScore-style greedy alignment of contextual token vectors: each content token of a candidate
 * text is matched to its most similar token anywhere in the references, and precision is the mean
 * of those best cosines. Unlike one vector per sentence, it sees whether every part of the candidate
 * has a counterpart (a swapped name or number finds none), while paraphrase still matches.
 * Punctuation and function-word pieces are skipped: they match anything and only dilute the score.
 */
public final class TokenAlignment {

  /**
   * Grounding aligns a sentence with its most similar source segments by sentence vector, at most this many:
   * support comes from a few segments, and a call with thousands of segments stays cheap.
   */
  public static final int MAX_SEGMENTS = 8;
  /**
   * Sentences of one response that get token alignment; later ones get none (null), which the learned model
   * reads as "no evidence either way". Bounds the cost of a huge response at about 64 × 30 × 32 × 256 × 384
   * multiply-adds against 32 samples, a few seconds at worst.
   */
  public static final int MAX_SENTENCES = 64;

  private TokenAlignment() {}

  /** Mean best cosine of the candidate's content tokens to any reference token; NaN when either side has no tokens. */
  public static double precision(Encoded candidate, List<Encoded> references) {
    double sum = 0;
    int n = 0;
    for (int t = 0; t < candidate.tokens().length; t++) {
      if (!content(candidate.pieces()[t])) continue;
      double best = Double.NaN;
      for (Encoded r : references) {
        for (float[] v : r.tokens()) {
          double sim = dot(candidate.tokens()[t], v);
          if (Double.isNaN(best) || sim > best) best = sim;
        }
      }
      if (Double.isNaN(best)) return Double.NaN;
      sum += best;
      n++;
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  /**
   * Dot product in four independent float sums: the JIT can vectorise it, unlike {@link Vectors#dot}'s single
   * double sum, and alignment runs it for every pair of tokens. Float error at 384 dimensions is ~1e-6.
   */
  static float dot(float[] a, float[] b) {
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int i = 0;
    for (int n = a.length - 3; i < n; i += 4) {
      s0 += a[i] * b[i];
      s1 += a[i + 1] * b[i + 1];
      s2 += a[i + 2] * b[i + 2];
      s3 += a[i + 3] * b[i + 3];
    }
    for (; i < a.length; i++) s0 += a[i] * b[i];
    return (s0 + s1) + (s2 + s3);
  }

  /** Whether a word piece carries meaning: it has a letter or digit and is not a function word. */
  static boolean content(String piece) {
    boolean alnum = false;
    for (int i = 0; i < piece.length() && !alnum; i++) alnum = Character.isLetterOrDigit(piece.charAt(i));
    if (!alnum) return false;
    if (piece.startsWith("##")) return true;
    return !Words.STOP.contains(piece.toLowerCase(Locale.ROOT));
  }
}
