package dev.glassbox.core.signal;

import static dev.glassbox.core.signal.Vectors.round;

import dev.glassbox.core.encode.Encoder.Encoded;
import dev.glassbox.core.explanation.Explanation.Consistency;
import dev.glassbox.core.explanation.Explanation.SentenceScore;
import dev.glassbox.core.text.Span;
import dev.glassbox.core.text.Words;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Self-consistency between the response and the logged samples (SelfCheckGPT's idea): a response
 * sentence that no sample says anything similar to is likely made up. Four views per sentence: meaning
 * (best sentence-vector match in each sample), wording (content words found in no sample), SelfCheckGPT's
 * unigram model of the samples, and BERTScore-style alignment of contextual token vectors against each
 * sample. Also the semantic entropy of response + samples, clustered by meaning.
 */
public final class ConsistencySignal {

  /** Two whole responses whose vectors are at least this similar are taken to mean the same. */
  public static final double SAME_MEANING = 0.85;
  /** Weight of the meaning view in a sentence's score; the wording view ranks better on the WikiBio dev split. */
  static final double SEMANTIC_WEIGHT = 0.25;

  private ConsistencySignal() {}

  /**
   * @param sentenceVectors each response sentence, encoded alone
   * @param response vector of the whole response
   * @param samples each whole sample, with its token vectors
   * @param sampleSentences sentence vectors of each sample
   */
  public static Consistency compute(String responseText, List<Span> sentences, List<Encoded> sentenceVectors,
      float[] response, List<String> sampleTexts, List<Encoded> samples, List<List<float[]>> sampleSentences) {
    if (samples.isEmpty()) return null;
    Set<String> vocabulary = new HashSet<>();
    for (String s : sampleTexts) vocabulary.addAll(Words.words(s));
    Unigram unigram = new Unigram(sampleTexts, responseText);
    List<SentenceScore> scores = new ArrayList<>(sentences.size());
    double sum = 0;
    for (int i = 0; i < sentences.size(); i++) {
      Span span = sentences.get(i);
      Encoded sentence = sentenceVectors.get(i);
      double agree = 0, aligned = 0;
      int alignedSamples = 0;
      for (int j = 0; j < samples.size(); j++) {
        double best = Vectors.dot(sentence.vector(), samples.get(j).vector());
        for (float[] s : sampleSentences.get(j)) best = Math.max(best, Vectors.dot(sentence.vector(), s));
        agree += Vectors.clamp01(best);
        double p = i < TokenAlignment.MAX_SENTENCES ? TokenAlignment.precision(sentence, List.of(samples.get(j)))
            : Double.NaN;
        if (!Double.isNaN(p)) {
          aligned += p;
          alignedSamples++;
        }
      }
      double semantic = 1 - agree / samples.size();
      String text = span.of(responseText);
      double lexical = Words.novelty(text, vocabulary);
      double score = SEMANTIC_WEIGHT * semantic + (1 - SEMANTIC_WEIGHT) * lexical;
      sum += score;
      Double tokenDisagreement = alignedSamples == 0 ? null : round(1 - aligned / alignedSamples);
      scores.add(new SentenceScore(span.start(), span.end(), round(score), round(semantic), round(lexical),
          tokenDisagreement, round(unigram.meanSurprise(text)), round(unigram.maxSurprise(text))));
    }
    List<float[]> all = new ArrayList<>();
    all.add(response);
    for (Encoded s : samples) all.add(s.vector());
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

  /**
   * SelfCheckGPT's unigram model: word counts over the samples and the response, add-one smoothed, so a
   * word the samples never use is improbable.
   */
  static final class Unigram {
    private final Map<String, Integer> counts = new HashMap<>();
    private final double total;

    Unigram(List<String> samples, String response) {
      int n = 0;
      for (String s : samples) n += count(s);
      n += count(response);
      total = n + counts.size() + 1;
    }

    private int count(String text) {
      List<String> words = Words.words(text);
      for (String w : words) counts.merge(w, 1, Integer::sum);
      return words.size();
    }

    double surprise(String word) {
      return -Math.log((counts.getOrDefault(word, 0) + 1) / total);
    }

    double meanSurprise(String text) {
      List<String> words = Words.words(text);
      double sum = 0;
      for (String w : words) sum += surprise(w);
      return words.isEmpty() ? 0 : sum / words.size();
    }

    double maxSurprise(String text) {
      double max = 0;
      for (String w : Words.words(text)) max = Math.max(max, surprise(w));
      return max;
    }
  }
}
