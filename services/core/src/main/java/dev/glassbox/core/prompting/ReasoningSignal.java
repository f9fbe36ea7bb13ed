package dev.glassbox.core.prompting;

import dev.glassbox.core.explanation.Explanation.Reasoning;
import dev.glassbox.core.explanation.Explanation.ReasoningAnswer;
import dev.glassbox.core.explanation.Explanation.ReasoningStep;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Checks a response's reasoning: each step's stated arithmetic is re-computed and the numbers it computes with are
 * looked up in the query and the earlier steps; the final answer must be a number the steps reached; with samples,
 * the answers and intermediate results are compared with theirs (a self-consistency vote).
 */
public final class ReasoningSignal {

  /** Numbers any problem may use without stating them (units of time, halves, percent). */
  private static final List<Double> COMMON = List.of(0.0, 1.0, 2.0, 100.0);

  private ReasoningSignal() {}

  /**
   * @param query the text the response answers (the question, without its demonstrations)
   * @return the reasoning block; null when the response is not a chain with an answer
   */
  public static Reasoning compute(String response, String query, List<String> samples) {
    ReasoningChain chain = ReasoningParser.parse(response);
    if (!chain.isChain()) return null;
    List<Double> known = new ArrayList<>(Numbers.values(query));
    known.addAll(COMMON);
    List<ReasoningStep> steps = new ArrayList<>();
    List<Double> results = new ArrayList<>();
    List<Double> stepNumbers = new ArrayList<>();
    int calculations = 0;
    int wrong = 0;
    for (ReasoningChain.Step s : chain.steps()) {
      ReasoningStep step = step(response, s, known);
      steps.add(step);
      calculations += step.calculations();
      wrong += step.wrong();
      for (Arithmetic.Check c : s.checks()) results.add(c.stated());
      List<Double> stated = Numbers.values(s.span().of(response));
      stepNumbers.addAll(stated);
      known.addAll(stated);
    }
    ReasoningChain.Answer a = chain.answer();
    ReasoningAnswer answer = new ReasoningAnswer(a.span().start(), a.span().end(), a.text().of(response), a.value());
    Boolean supported = a.value() == null ? null : Numbers.contains(stepNumbers, a.value());
    Boolean follows = a.value() == null ? null
        : Numbers.contains(Numbers.values(chain.steps().get(chain.steps().size() - 1).span().of(response)), a.value());
    return new Reasoning(steps, answer, supported, agreement(a.value(), samples), intermediateAgreement(results, samples),
        unusedQueryNumbers(query, response), calculations == 0 ? null : (double) wrong / calculations, follows);
  }

  private static ReasoningStep step(String response, ReasoningChain.Step s, List<Double> known) {
    int wrong = 0;
    List<String> ungrounded = new ArrayList<>();
    String first = null;
    for (Arithmetic.Check c : s.checks()) {
      if (!c.correct()) {
        wrong++;
        if (first == null) first = String.format(Locale.ROOT, "%s is %s, not %s", c.expression(), Numbers.plain(c.computed()), Numbers.plain(c.stated()));
      }
      for (double operand : c.operands()) {
        if (!Numbers.contains(known, operand) && !Numbers.contains(known, operand * 100)) ungrounded.add(Numbers.plain(operand));
      }
    }
    String verdict;
    String reason;
    if (wrong > 0) {
      verdict = "miscalculated";
      reason = "miscalculated: " + first;
    } else if (!ungrounded.isEmpty()) {
      verdict = "ungrounded";
      reason = "ungrounded: computes with " + String.join(", ", ungrounded) + ", found in no source nor earlier step";
    } else if (!s.checks().isEmpty()) {
      verdict = "supported";
      reason = "supported: its calculations check out with known numbers";
    } else {
      verdict = "unchecked";
      reason = "unchecked: states no calculation to re-check";
    }
    return new ReasoningStep(s.span().start(), s.span().end(), verdict, reason, s.checks().size(), wrong,
        List.copyOf(new java.util.LinkedHashSet<>(ungrounded)));
  }

  /** Share of samples whose final answer is the same number; a sample without one disagrees. */
  static Double agreement(Double answer, List<String> samples) {
    if (samples.isEmpty() || answer == null) return null;
    int same = 0;
    for (String s : samples) {
      ReasoningChain.Answer other = ReasoningParser.parse(s).answer();
      if (other != null && other.value() != null && Numbers.same(other.value(), answer)) same++;
    }
    return (double) same / samples.size();
  }

  /** For each computed result of the response, the share of samples that state it; the mean over results. */
  static Double intermediateAgreement(List<Double> results, List<String> samples) {
    if (samples.isEmpty() || results.isEmpty()) return null;
    List<List<Double>> stated = samples.stream().map(Numbers::values).toList();
    double sum = 0;
    for (double r : results) {
      int found = 0;
      for (List<Double> s : stated) if (Numbers.contains(s, r)) found++;
      sum += (double) found / samples.size();
    }
    return sum / results.size();
  }

  /** Share of the distinct numbers the query states in digits that the response never uses. */
  static Double unusedQueryNumbers(String query, String response) {
    Set<Double> given = new HashSet<>();
    for (Numbers.Found f : Numbers.find(query)) given.add(f.value());
    if (given.isEmpty()) return null;
    List<Double> used = Numbers.values(response);
    int unused = 0;
    for (double g : given) if (!Numbers.contains(used, g)) unused++;
    return (double) unused / given.size();
  }


}
