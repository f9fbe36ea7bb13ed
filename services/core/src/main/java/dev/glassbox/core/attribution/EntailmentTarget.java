package dev.glassbox.core.attribution;

import dev.glassbox.core.signal.Vectors;
import dev.glassbox.core.verify.Verdict;
import dev.glassbox.core.verify.Verifier;
import java.util.ArrayList;
import java.util.List;

/**
 * How strongly the kept segments entail one response sentence, as the verifier reads them: the highest probability
 * of "supported" among the kept segments, each read alone with the sentence. A segment the verifier did not read (not
 * among the sentence's closest ones) counts as entailing nothing. Every value is known after one verifier pass over
 * the segments, so the thousands of subsets an attribution method evaluates cost no further passes; the max is what a
 * reader means by "this sentence is backed by that passage", and Shapley values of a max are well defined.
 */
public final class EntailmentTarget implements Target {

  private final double[] supported;

  /** @param supported per segment, the verifier's P(supported) of the sentence given that segment alone (0 if unread) */
  public EntailmentTarget(double[] supported) {
    this.supported = supported.clone();
  }

  @Override
  public int size() {
    return supported.length;
  }

  @Override
  public double value(boolean[] keep) {
    double best = 0;
    for (int j = 0; j < supported.length; j++) if (keep[j]) best = Math.max(best, supported[j]);
    return best;
  }

  /** Segments the verifier reads per sentence: the closest by sentence vector, where an entailing one almost always is. */
  public static final int SEGMENTS_PER_SENTENCE = 6;
  /** Sentences per call that are read; later ones entail nothing, as in the verifier's own signal. */
  public static final int MAX_SENTENCES = dev.glassbox.core.signal.VerifierSignal.MAX_SENTENCES;

  /** One call's response sentences and the segments its attribution scores. */
  public record Claims(List<String> sentences, List<float[]> sentenceVectors, List<AttributionSegment> segments) {}

  /**
   * Per call and sentence, P(supported) given each segment alone (0 where unread), from one verifier call for every
   * pair of every call: each sentence against its {@link #SEGMENTS_PER_SENTENCE} closest segments.
   */
  public static List<List<double[]>> supports(Verifier verifier, List<Claims> calls) {
    List<Verifier.Pair> pairs = new ArrayList<>();
    List<int[]> where = new ArrayList<>(); // call, sentence, segment of each pair
    List<List<double[]>> out = new ArrayList<>(calls.size());
    for (int c = 0; c < calls.size(); c++) {
      Claims claims = calls.get(c);
      List<double[]> perSentence = new ArrayList<>();
      for (int i = 0; i < claims.sentences().size(); i++) {
        perSentence.add(new double[claims.segments().size()]);
        if (i >= MAX_SENTENCES) continue;
        for (int j : closest(claims.sentenceVectors().get(i), claims.segments())) {
          pairs.add(new Verifier.Pair(claims.segments().get(j).text(), claims.sentences().get(i)));
          where.add(new int[] {c, i, j});
        }
      }
      out.add(perSentence);
    }
    if (pairs.isEmpty()) return out;
    List<Verdict> verdicts = verifier.verify(pairs);
    for (int p = 0; p < pairs.size(); p++) {
      int[] w = where.get(p);
      out.get(w[0]).get(w[1])[w[2]] = verdicts.get(p).supported();
    }
    return out;
  }

  /** The indexes of the segments closest to the sentence, closest first. */
  private static List<Integer> closest(float[] sentence, List<AttributionSegment> segments) {
    double[] sims = new double[segments.size()];
    for (int j = 0; j < sims.length; j++) sims[j] = Vectors.dot(sentence, segments.get(j).vector());
    Integer[] order = Eraser.ranking(sims);
    return List.of(order).subList(0, Math.min(SEGMENTS_PER_SENTENCE, order.length));
  }
}
