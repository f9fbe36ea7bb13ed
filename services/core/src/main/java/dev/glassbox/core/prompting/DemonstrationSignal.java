package dev.glassbox.core.prompting;

import static dev.glassbox.core.signal.Vectors.round;

import dev.glassbox.core.attribution.AttributionSegment;
import dev.glassbox.core.attribution.Attributor;
import dev.glassbox.core.attribution.SupportTarget;
import dev.glassbox.core.attribution.Target;
import dev.glassbox.core.call.Message;
import dev.glassbox.core.explanation.Explanation.DemonstrationView;
import dev.glassbox.core.explanation.SourceRef;
import dev.glassbox.core.text.Span;
import dev.glassbox.core.text.Words;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How a response follows the prompt's demonstrations. Influence is Shapley attribution over the demonstrations as
 * segments, with the encoder surrogate's support of the response sentences as the target (the attribution code's
 * {@link SupportTarget}); copying is read from the words: the answer equal to a demonstration's, its word trigrams
 * or its numbers reused, counting nothing the query itself states.
 */
public final class DemonstrationSignal {

  static final int PERMUTATIONS = 64;

  private DemonstrationSignal() {}

  /**
   * @param demoVectors the encoder vector of each demonstration (input and output together), in order
   * @param sentenceVectors the encoder vector of each response sentence
   * @param query the text the response answers, without the demonstrations
   */
  public static List<DemonstrationView> compute(List<Message> prompt, List<Demonstration> demos, List<float[]> demoVectors,
      String response, List<Span> sentences, List<float[]> sentenceVectors, String query, long seed) {
    double[] influence = influence(prompt, demos, demoVectors, response, sentences, sentenceVectors, seed);
    String answer = answer(response);
    // An answer the response's own steps reach is its own, even when a demonstration happens to share it.
    boolean ownAnswer = reachedBySteps(response);
    Set<String> queryGrams = grams(query);
    List<Double> queryNumbers = Numbers.values(query);
    double[] copy = new double[demos.size()];
    boolean[] match = new boolean[demos.size()];
    int best = -1;
    for (int k = 0; k < demos.size(); k++) {
      String output = demos.get(k).output(prompt);
      match[k] = answer != null && !ownAnswer && sameAnswer(answer, answer(output)) && !inQuery(answer, query, queryNumbers);
      copy[k] = Math.max(match[k] ? 1 : 0, Math.max(trigramOverlap(output, response, queryGrams),
          numbersReused(output, response, queryNumbers)));
      if (best < 0 || copy[k] > copy[best]) best = k;
    }
    List<DemonstrationView> out = new ArrayList<>();
    for (int k = 0; k < demos.size(); k++) {
      Demonstration d = demos.get(k);
      out.add(new DemonstrationView(d.segment(), SourceRef.prompt(d.inputMessage()).format(), d.input().start(),
          d.input().end(), SourceRef.prompt(d.outputMessage()).format(), d.output().start(), d.output().end(),
          round(influence[k]), round(copy[k]), match[k], k == best && copy[k] >= DemonstrationView.COPIED));
    }
    return out;
  }

  /** Shapley values of the demonstrations for the surrogate's mean support of the response sentences. */
  static double[] influence(List<Message> prompt, List<Demonstration> demos, List<float[]> demoVectors, String response,
      List<Span> sentences, List<float[]> sentenceVectors, long seed) {
    if (demos.isEmpty() || sentences.isEmpty()) return new double[demos.size()];
    List<AttributionSegment> segs = new ArrayList<>();
    for (int k = 0; k < demos.size(); k++) {
      Demonstration d = demos.get(k);
      segs.add(new AttributionSegment(SourceRef.prompt(d.outputMessage()), d.output(),
          d.input(prompt) + "\n" + d.output(prompt), demoVectors.get(k)));
    }
    List<SupportTarget> targets = new ArrayList<>();
    for (int i = 0; i < sentences.size(); i++) {
      targets.add(new SupportTarget(sentences.get(i).of(response), sentenceVectors.get(i), segs));
    }
    Target call = Target.mean(targets, segs.size());
    return Attributor.shapley(call, PERMUTATIONS, seed).scores();
  }

  /** Whether a chain's steps reach its own final answer's number. */
  static boolean reachedBySteps(String response) {
    ReasoningChain c = ReasoningParser.parse(response);
    if (!c.isChain() || c.answer().value() == null) return false;
    for (ReasoningChain.Step s : c.steps()) {
      if (Numbers.contains(Numbers.values(s.span().of(response)), c.answer().value())) return true;
    }
    return false;
  }

  /** The answer of a text: a chain's final answer, else the whole text when it is short (a label, a number). */
  static String answer(String text) {
    ReasoningChain c = ReasoningParser.parse(text);
    if (c.answer() != null) return c.answer().text().of(text);
    String t = text.strip();
    return Words.words(t).size() <= 8 ? t : null;
  }

  /** Equal answers: the same number when both give one, else the same words. */
  static boolean sameAnswer(String a, String b) {
    if (b == null) return false;
    Double x = Numbers.parse(a);
    Double y = Numbers.parse(b);
    if (x != null && y != null && Numbers.find(a).size() == 1 && Numbers.find(b).size() == 1) return Numbers.same(x, y);
    return !Words.words(a).isEmpty() && Words.words(a).equals(Words.words(b));
  }

  private static boolean inQuery(String answer, String query, List<Double> queryNumbers) {
    Double v = Numbers.parse(answer);
    if (v != null && Numbers.find(answer).size() == 1) return Numbers.contains(queryNumbers, v);
    return query.toLowerCase(Locale.ROOT).contains(answer.toLowerCase(Locale.ROOT).strip());
  }

  /** Share of a demonstration output's word trigrams (not in the query) that the response repeats. */
  static double trigramOverlap(String output, String response, Set<String> queryGrams) {
    Set<String> own = grams(output);
    own.removeAll(queryGrams);
    if (own.size() < 3) return 0;
    Set<String> said = grams(response);
    int shared = 0;
    for (String g : own) if (said.contains(g)) shared++;
    return (double) shared / own.size();
  }

  /** Share of a demonstration output's distinct numbers (not in the query, not 0–2 or 100) the response reuses; 0 under two reused. */
  static double numbersReused(String output, String response, List<Double> queryNumbers) {
    Map<Double, Boolean> own = new HashMap<>();
    for (Numbers.Found f : Numbers.find(output)) {
      double v = f.value();
      if (Math.abs(v) <= 2 || v == 100 || Numbers.contains(queryNumbers, v)) continue;
      own.put(v, Boolean.TRUE);
    }
    if (own.isEmpty()) return 0;
    List<Double> said = Numbers.values(response);
    int reused = 0;
    for (double v : own.keySet()) if (Numbers.contains(said, v)) reused++;
    return reused < 2 ? 0 : (double) reused / own.size();
  }

  static Set<String> grams(String text) {
    List<String> w = Words.words(text);
    Set<String> out = new HashSet<>();
    for (int i = 0; i + 2 < w.size(); i++) out.add(w.get(i) + " " + w.get(i + 1) + " " + w.get(i + 2));
    return out;
  }

  /**
   * Whether the answer equals the demonstrations' most frequent output (label bias); null when no output repeats, so
   * there is no majority to be biased towards.
   */
  public static Boolean majorityLabel(List<Message> prompt, List<Demonstration> demos, String response) {
    Map<String, Integer> counts = new HashMap<>();
    String top = null;
    for (Demonstration d : demos) {
      String label = String.join(" ", Words.words(d.output(prompt)));
      int n = counts.merge(label, 1, Integer::sum);
      if (top == null || n > counts.get(top)) top = label;
    }
    if (top == null || counts.get(top) < 2) return null;
    String answer = answer(response);
    return answer != null && top.equals(String.join(" ", Words.words(answer)));
  }
}
