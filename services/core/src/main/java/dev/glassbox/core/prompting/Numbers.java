package dev.glassbox.core.prompting;

import dev.glassbox.core.text.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The numbers a text states, read the way a word problem writes them: thousands commas, a currency sign, a
 * percent sign and a trailing unit are all ignored, so "$1,200", "1200" and "1,200 dollars" are one value.
 */
public final class Numbers {

  /** A stated number: where it is and its value. */
  public record Found(Span span, double value) {}

  private static final Pattern NUMBER = Pattern.compile("(?<![\\w.])-?[$€£]?(\\d{1,3}(?:,\\d{3})+|\\d+)(\\.\\d+)?%?");
  private static final Map<String, Double> WORDS = Map.ofEntries(Map.entry("one", 1.0), Map.entry("two", 2.0),
      Map.entry("three", 3.0), Map.entry("four", 4.0), Map.entry("five", 5.0), Map.entry("six", 6.0),
      Map.entry("seven", 7.0), Map.entry("eight", 8.0), Map.entry("nine", 9.0), Map.entry("ten", 10.0),
      Map.entry("eleven", 11.0), Map.entry("twelve", 12.0), Map.entry("twenty", 20.0), Map.entry("thirty", 30.0),
      Map.entry("fifty", 50.0), Map.entry("hundred", 100.0), Map.entry("thousand", 1000.0), Map.entry("half", 0.5),
      Map.entry("twice", 2.0), Map.entry("double", 2.0), Map.entry("triple", 3.0), Map.entry("dozen", 12.0),
      Map.entry("quarter", 0.25));
  private static final Pattern WORD = Pattern.compile("(?i)\\b(" + String.join("|", WORDS.keySet()) + ")s?\\b");

  private Numbers() {}

  /** The numbers written in digits, in order. */
  public static List<Found> find(String text) {
    List<Found> out = new ArrayList<>();
    Matcher m = NUMBER.matcher(text);
    while (m.find()) {
      String digits = m.group(1).replace(",", "") + (m.group(2) == null ? "" : m.group(2));
      double v = Double.parseDouble(digits);
      out.add(new Found(new Span(m.start(), m.end()), m.group().startsWith("-") ? -v : v));
    }
    return out;
  }

  /** The values a text gives, in digits or in words ("three", "a dozen", "half"). */
  public static List<Double> values(String text) {
    List<Double> out = new ArrayList<>();
    for (Found f : find(text)) out.add(f.value());
    Matcher m = WORD.matcher(text);
    while (m.find()) out.add(WORDS.get(m.group(1).toLowerCase(java.util.Locale.ROOT)));
    return out;
  }

  /** The value of one number as written ("$1,200.50", "15%"), or null when it is not one. */
  public static Double parse(String written) {
    List<Found> f = find(written.strip());
    return f.isEmpty() ? null : f.get(f.size() - 1).value();
  }

  /** Whether two values are the same stated number (relative tolerance for rounded decimals). */
  public static boolean same(double a, double b) {
    return Math.abs(a - b) <= Math.max(1e-6, 1e-3 * Math.max(Math.abs(a), Math.abs(b)));
  }

  /** A value as a problem writes it: whole numbers without a decimal point. */
  public static String plain(double v) {
    if (!Double.isFinite(v)) return Double.toString(v);
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
        : java.math.BigDecimal.valueOf(v).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
  }

  /** Whether any of the values is the same number as {@code v}. */
  public static boolean contains(List<Double> values, double v) {
    for (double x : values) if (same(x, v)) return true;
    return false;
  }
}
