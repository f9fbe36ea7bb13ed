package dev.glassbox.core.prompting;

import dev.glassbox.core.text.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Re-checks the arithmetic a text states as {@code a op b = c} ("16 - 3 = 13 eggs", "$2 x 9 = $18",
 * "1,200 * 15% = 180"): the left side is evaluated with the usual precedence and compared with the stated
 * result. Operators are + - * x × / ÷; units between a number and its operator are not allowed, so prose such
 * as "3 apples and 4 pears = 7" is not read as a sum.
 */
public final class Arithmetic {

  /**
   * One stated calculation.
   *
   * @param span where the expression and its result lie in the text
   * @param operands the numbers on the left, in order
   * @param computed the left side's value; NaN when it divides by zero
   * @param stated the result the text gives
   */
  public record Check(Span span, String expression, List<Double> operands, double computed, double stated) {
    public boolean correct() {
      return Numbers.same(computed, stated);
    }
  }

  private static final String NUM = "[$€£]?(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?%?";
  private static final String OP = "\\s*[-+*/x×÷]\\s*";
  private static final Pattern STATED = Pattern.compile("(?<![\\w.])(\\(?" + NUM + "(?:\\)?" + OP + "\\(?" + NUM
      + "\\)?)+)\\s*=\\s*(-?" + NUM + ")");
  private static final Pattern TOKEN = Pattern.compile(NUM + "|[-+*/x×÷()]");

  private Arithmetic() {}

  /** Every stated calculation in the text, in order. */
  public static List<Check> find(String text) {
    List<Check> out = new ArrayList<>();
    Matcher m = STATED.matcher(text);
    while (m.find()) {
      List<String> tokens = new ArrayList<>();
      Matcher t = TOKEN.matcher(m.group(1));
      while (t.find()) tokens.add(t.group());
      List<Double> operands = new ArrayList<>();
      for (String tok : tokens) if (Character.isDigit(tok.charAt(tok.length() - 1)) || tok.endsWith("%")) operands.add(Numbers.parse(tok));
      Double stated = Numbers.parse(m.group(2));
      if (stated == null || operands.size() < 2) continue;
      // A percent result is a share, as a percent operand is: "20% + 30% = 50%".
      double result = m.group(2).endsWith("%") ? stated / 100 : stated;
      out.add(new Check(new Span(m.start(1), m.end()), m.group(1).strip(), operands, new Evaluator(tokens).value(), result));
    }
    return out;
  }

  /** Precedence-climbing evaluation of number and operator tokens; a percent operand is its hundredth part. */
  private static final class Evaluator {
    private final List<String> tokens;
    private int at;

    Evaluator(List<String> tokens) {
      this.tokens = tokens;
    }

    double value() {
      double v = sum();
      return at == tokens.size() ? v : Double.NaN;
    }

    private double sum() {
      double v = product();
      while (at < tokens.size() && (tokens.get(at).equals("+") || tokens.get(at).equals("-"))) {
        boolean plus = tokens.get(at++).equals("+");
        double r = product();
        v = plus ? v + r : v - r;
      }
      return v;
    }

    private double product() {
      double v = atom();
      while (at < tokens.size() && "*/x×÷".contains(tokens.get(at))) {
        String op = tokens.get(at++);
        double r = atom();
        v = op.equals("/") || op.equals("÷") ? (r == 0 ? Double.NaN : v / r) : v * r;
      }
      return v;
    }

    private double atom() {
      if (at >= tokens.size()) return Double.NaN;
      String tok = tokens.get(at++);
      if (tok.equals("(")) {
        double v = sum();
        if (at < tokens.size() && tokens.get(at).equals(")")) at++;
        return v;
      }
      Double v = Numbers.parse(tok);
      if (v == null) return Double.NaN;
      return tok.endsWith("%") ? v / 100 : v;
    }
  }
}
