package dev.glassbox.core.signal;

import static dev.glassbox.core.signal.Vectors.round;

import dev.glassbox.core.explain.Explanation.Consistency;
import dev.glassbox.core.explain.Explanation.SentenceScore;
import dev.glassbox.core.text.Span;
import dev.glassbox.core.text.Words;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Self-consistency between the response and the logged samples (SelfCheckGPT's idea with a sentence
 * encoder and with words): a response sentence that no sample says anything similar to, in meaning or in
 * wording (its content words found in no sample), is likely made up. Also the
 * semantic entropy of response + samples, clustered by meaning.
 */
public final class ConsistencySignal {

  /** Two whole responses whose vectors are at least this similar are taken to mean the same. */
  public static final double SAME_MEANING = 0.85;
  /** Weight of the meaning view in a sentence's score; the wording view ranks better on the WikiBio dev split. */
  static final double SEMANTIC_WEIGHT = 0.25;

  private ConsistencySignal() {}

  /**
   * @param response vector of the whole response
   * @param samples vector of each whole sample
   * @param sampleSentences sentence vectors of each sample
   */
  public static Consistency compute(String responseText, List<Span> sentences, List<float[]> sentenceVectors,
      float[] response, List<String> sampleTexts, List<float[]> samples, List<List<float[]>> sampleSentences) {
    if (samples.isEmpty()) return null;
    Set<String> vocabulary = new HashSet<>();
    for (String s : sampleTexts) vocabulary.addAll(Words.words(s));
    List<SentenceScore> scores = new ArrayList<>(sentences.size());
    double sum = 0;
    for (int i = 0; i < sentences.size(); i++) {
      Span span = sentences.get(i);
      double agree = 0;
      for (int j = 0; j < samples.size(); j++) {
        double best = Vectors.dot(sentenceVectors.get(i), samples.get(j));
        for (float[] s : sampleSentences.get(j)) best = Math.max(best, Vectors.dot(sentenceVectors.get(i), s));
        agree += Vectors.clamp01(best);
      }
      double semantic = 1 - agree / samples.size();
      double lexical = Words.novelty(span.of(responseText), vocabulary);
      double score = SEMANTIC_WEIGHT * semantic + (1 - SEMANTIC_WEIGHT) * lexical;
      sum += score;
      scores.add(new SentenceScore(span.start(), span.end(), round(score), round(semantic), round(lexical)));
    }
    List<float[]> all = new ArrayList<>();
    all.add(response);
    all.addAll(samples);
    int[] sizes = clusterSizes(all, SAME_MEANING);
    int clusters = 0;
    for (int s : sizes) if (s > 0) clusters++;
    double score = sentences.isEmpty() ? 0 : sum / sentences.size();
    return new Consistency(round(score), round(entropy(sizes, all.size())), clusters,
        round(meanDissimilarity(all)), scores);
  }

  /** Greedy clustering: each vector joins the first cluster whose first member it matches. */
  static int[] clusterSizes(List<float[]> vectors, double threshold) {
    List<float[]> heads = new ArrayList<>();
    int[] sizes = new int[vectors.size()];
    for (float[] v : vectors) {
      int c = -1;
      for (int k = 0; k < heads.size() && c < 0; k++) if (Vectors.dot(v, heads.get(k)) >= threshold) c = k;
      if (c < 0) {
        heads.add(v);
        c = heads.size() - 1;
      }
      sizes[c]++;
    }
    return sizes;
  }

  /** Shannon entropy (nats) of cluster sizes. */
  static double entropy(int[] sizes, int n) {
    double h = 0;
    for (int s : sizes) {
      if (s == 0) continue;
      double p = (double) s / n;
      h -= p * Math.log(p);
    }
    return h;
  }

  static double meanDissimilarity(List<float[]> vectors) {
    double sum = 0;
    int pairs = 0;
    for (int a = 0; a < vectors.size(); a++) {
      for (int b = a + 1; b < vectors.size(); b++) {
        sum += 1 - Vectors.dot(vectors.get(a), vectors.get(b));
        pairs++;
      }
    }
    return pairs == 0 ? 0 : sum / pairs;
  }
}
