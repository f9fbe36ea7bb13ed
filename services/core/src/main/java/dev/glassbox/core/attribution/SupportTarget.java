package dev.glassbox.core.attribution;

import dev.glassbox.core.signal.Vectors;
import dev.glassbox.core.text.Words;
import java.util.ArrayList;
import java.util.List;

/**
 * The quantity attribution explains: how well the kept segments support one response sentence, as the
 * surrogate sees it. It is the mean of a meaning view (best sentence-vector cosine to a kept segment)
 * and a wording view (content words found in a kept segment, and the longest verbatim run shared with
 * one), so removing a segment needs no new encoder pass: vectors and word sets are computed once.
 */
public final class SupportTarget implements Target {

  static final double MEANING_WEIGHT = 0.5;

  private final int segments;
  private final double[] cosine;
  private final double[] quoted;
  /** For each content word of the sentence, the segments that contain it. */
  private final int[][] wordSegments;

  public SupportTarget(String sentence, float[] sentenceVector, List<AttributionSegment> segs) {
    this.segments = segs.size();
    cosine = new double[segments];
    quoted = new double[segments];
    List<java.util.Set<String>> vocab = new ArrayList<>(segments);
    for (int j = 0; j < segments; j++) {
      AttributionSegment s = segs.get(j);
      cosine[j] = Vectors.clamp01(Vectors.dot(sentenceVector, s.vector()));
      quoted[j] = Words.longestSharedRun(sentence, List.of(s.text()));
      vocab.add(new java.util.HashSet<>(Words.words(s.text())));
    }
    List<String> content = Words.contentWords(sentence);
    wordSegments = new int[content.size()][];
    for (int w = 0; w < content.size(); w++) {
      List<Integer> in = new ArrayList<>();
      for (int j = 0; j < segments; j++) if (vocab.get(j).contains(content.get(w))) in.add(j);
      wordSegments[w] = in.stream().mapToInt(Integer::intValue).toArray();
    }
  }

  @Override
  public int size() {
    return segments;
  }

  /** Support of the sentence by the segments whose {@code keep} flag is set, in [0,1]. */
  @Override
  public double value(boolean[] keep) {
    double sim = 0, run = 0;
    for (int j = 0; j < segments; j++) {
      if (!keep[j]) continue;
      sim = Math.max(sim, cosine[j]);
      run = Math.max(run, quoted[j]);
    }
    double novelty = 0;
    if (wordSegments.length > 0) {
      int missing = 0;
      for (int[] in : wordSegments) {
        boolean found = false;
        for (int j : in) {
          if (keep[j]) {
            found = true;
            break;
          }
        }
        if (!found) missing++;
      }
      novelty = (double) missing / wordSegments.length;
    }
    double wording = dev.glassbox.core.signal.GroundingSignal.wording(novelty, run);
    return MEANING_WEIGHT * sim + (1 - MEANING_WEIGHT) * wording;
  }

}
