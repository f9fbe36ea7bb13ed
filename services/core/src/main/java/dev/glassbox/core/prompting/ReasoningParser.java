package dev.glassbox.core.prompting;

import dev.glassbox.core.text.SentenceSplitter;
import dev.glassbox.core.text.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a response into reasoning steps and a final answer. The answer is the last explicit one ("Answer: 18",
 * "#### 18", "the final answer is 18", "The answer is 18"), else a closing line or sentence that starts with
 * Therefore / So / Thus / Hence, else the text after a {@code <think>} block. Steps are the non-empty lines before
 * it ("Step 2: …", "3. …" or plain lines), or its sentences when it is one paragraph; a {@code <think>} block's
 * inside holds the steps.
 */
public final class ReasoningParser {

  private static final Pattern THINK = Pattern.compile("(?s)<think(?:ing)?>(.*?)</think(?:ing)?>");
  private static final List<Pattern> EXPLICIT = List.of(
      Pattern.compile("(?m)^[ \\t]*#{4}[ \\t]*(\\S.*?)[ \\t]*$"),
      Pattern.compile("(?im)^[ \\t]*[*_]*(?:final[ \\t]+)?answer[*_]*[ \\t]*[:：][*_]*[ \\t]*(\\S.*?)[ \\t]*$"),
      Pattern.compile("(?i)\\b(?:the[ \\t]+)?final[ \\t]+answer[ \\t]*(?:is|:|would be|will be)[ \\t]*:?[ \\t]*(\\S.*?)[ \\t]*(?:\\.[ \\t]*)?$",
          Pattern.MULTILINE),
      Pattern.compile("(?i)\\bthe[ \\t]+answer[ \\t]+is[ \\t]*:?[ \\t]*(\\S.*?)[ \\t]*(?:\\.[ \\t]*)?$", Pattern.MULTILINE));
  private static final Pattern CONCLUDING = Pattern.compile("(?i)^[ \\t]*(?:therefore|so|thus|hence|in total|in all)\\b[ ,]*");
  private static final Pattern LINE = Pattern.compile("[^\\n]*\\S[^\\n]*");

  private ReasoningParser() {}

  public static ReasoningChain parse(String response) {
    Matcher think = THINK.matcher(response);
    if (think.find()) {
      Span inside = new Span(think.start(1), think.end(1));
      Span after = trimmed(response, think.end(), response.length());
      ReasoningChain.Answer answer = explicit(response, after);
      if (answer == null && after.length() > 0) answer = new ReasoningChain.Answer(after, after, lastNumber(response, after));
      return new ReasoningChain(steps(response, inside), answer);
    }
    Span all = new Span(0, response.length());
    ReasoningChain.Answer answer = explicit(response, all);
    if (answer == null) answer = concluding(response);
    int stepsEnd = answer == null ? response.length() : answer.span().start();
    return new ReasoningChain(steps(response, new Span(0, stepsEnd)), answer);
  }

  /** The last explicit answer inside the region: the answer runs from its marker to the end of its line. */
  private static ReasoningChain.Answer explicit(String response, Span region) {
    String text = region.of(response);
    Span best = null;
    Span value = null;
    for (Pattern p : EXPLICIT) {
      Matcher m = p.matcher(text);
      while (m.find()) {
        if (best != null && m.start() <= best.start() - region.start()) continue;
        best = new Span(region.start() + markerStart(text, m.start()), region.start() + m.end());
        value = new Span(region.start() + m.start(1), region.start() + m.end(1));
      }
    }
    return best == null ? null : new ReasoningChain.Answer(best, value, lastNumber(response, value));
  }

  /** Where an answer marker's sentence starts, so "… = 18. The answer is 18." keeps the calculation as a step. */
  private static int markerStart(String text, int at) {
    while (at < text.length() && Character.isWhitespace(text.charAt(at))) at++;
    return at;
  }

  /** A closing line (or, in one paragraph, a closing sentence) that draws the conclusion. */
  private static ReasoningChain.Answer concluding(String response) {
    List<Span> units = units(response, new Span(0, response.length()));
    if (units.size() < 2) return null;
    Span last = units.get(units.size() - 1);
    Matcher m = CONCLUDING.matcher(last.of(response));
    if (!m.lookingAt()) return null;
    Span value = new Span(last.start() + m.end(), last.end());
    return new ReasoningChain.Answer(last, value, lastNumber(response, value));
  }

  private static List<ReasoningChain.Step> steps(String response, Span region) {
    List<ReasoningChain.Step> out = new ArrayList<>();
    for (Span s : units(response, region)) out.add(new ReasoningChain.Step(s, Arithmetic.find(s.of(response)).stream()
        .map(c -> new Arithmetic.Check(new Span(c.span().start() + s.start(), c.span().end() + s.start()), c.expression(),
            c.operands(), c.computed(), c.stated())).toList()));
    return out;
  }

  /** A region's non-empty lines when it has several, else its sentences; spans are into the response. */
  static List<Span> units(String response, Span region) {
    String text = region.of(response);
    List<Span> lines = new ArrayList<>();
    Matcher m = LINE.matcher(text);
    while (m.find()) lines.add(trimmed(response, region.start() + m.start(), region.start() + m.end()));
    if (lines.size() >= 2) return lines;
    List<Span> out = new ArrayList<>();
    for (Span s : SentenceSplitter.split(text)) out.add(new Span(s.start() + region.start(), s.end() + region.start()));
    return out;
  }

  /** The range without its leading and trailing white space. */
  static Span trimmed(String text, int start, int end) {
    while (start < end && Character.isWhitespace(text.charAt(start))) start++;
    while (end > start && Character.isWhitespace(text.charAt(end - 1))) end--;
    return new Span(start, end);
  }

  private static Double lastNumber(String response, Span span) {
    List<Numbers.Found> found = Numbers.find(span.of(response));
    return found.isEmpty() ? null : found.get(found.size() - 1).value();
  }
}
