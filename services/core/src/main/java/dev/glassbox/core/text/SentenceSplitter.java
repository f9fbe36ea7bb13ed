package dev.glassbox.core.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits text into sentences with character offsets, without a model: a line break always ends a
 * sentence (lists, headings, paragraphs); inside a line, {@code . ! ?} (with closing quotes or
 * brackets) followed by whitespace and an upper-case letter, digit or opening quote ends one, unless
 * the period closes a known abbreviation, an initial ("J. R. R.") or a list number ("1.").
 * Decimals ("3.14") never split because no whitespace follows the period. Spans exclude surrounding
 * whitespace and list bullets stay with their item.
 */
public final class SentenceSplitter {

  private static final Set<String> ABBREVIATIONS = Set.of(
      "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "e.g", "i.e", "cf", "inc", "ltd", "co",
      "corp", "no", "nos", "fig", "figs", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
      "oct", "nov", "dec", "mt", "ft", "gen", "gov", "sen", "rep", "lt", "col", "capt", "sgt", "approx",
      "dept", "est", "vol", "vols", "ed", "eds", "pp", "op", "ca", "al", "rev", "hon", "univ", "assn",
      "bros", "messrs", "jos", "wm", "chas", "ave", "blvd", "rd");
  private static final String CLOSERS = "\"'”’)]»";
  private static final String OPENERS = "\"'“‘([«";

  private SentenceSplitter() {}

  public static List<Span> split(String text) {
    List<Span> out = new ArrayList<>();
    int lineStart = 0;
    int n = text.length();
    while (lineStart <= n) {
      int lineEnd = text.indexOf('\n', lineStart);
      if (lineEnd < 0) lineEnd = n;
      splitLine(text, lineStart, lineEnd, out);
      lineStart = lineEnd + 1;
    }
    return out;
  }

  /** The sentences' texts, in order. */
  public static List<String> sentences(String text) {
    return split(text).stream().map(s -> s.of(text)).toList();
  }

  private static void splitLine(String text, int from, int to, List<Span> out) {
    int segStart = skipSpace(text, from, to);
    for (int i = segStart; i < to; i++) {
      char c = text.charAt(i);
      if (c != '.' && c != '!' && c != '?' && c != '…' && c != '。') continue;
      int j = i + 1;
      while (j < to && (".!?…".indexOf(text.charAt(j)) >= 0 || CLOSERS.indexOf(text.charAt(j)) >= 0)) j++;
      if (c == '。') {
        add(text, segStart, j, out);
        segStart = skipSpace(text, j, to);
        i = segStart - 1;
        continue;
      }
      if (j >= to || !Character.isWhitespace(text.charAt(j))) continue;
      int k = skipSpace(text, j, to);
      if (k >= to) continue;
      char next = text.charAt(k);
      if (c == '.' && (isAbbreviation(text, segStart, i) || isListNumber(text, segStart, i))) continue;
      if (!(Character.isUpperCase(next) || Character.isDigit(next) || OPENERS.indexOf(next) >= 0)) continue;
      add(text, segStart, j, out);
      segStart = k;
      i = k - 1;
    }
    add(text, segStart, to, out);
  }

  private static int skipSpace(String text, int i, int to) {
    while (i < to && Character.isWhitespace(text.charAt(i))) i++;
    return i;
  }

  private static void add(String text, int start, int end, List<Span> out) {
    while (end > start && Character.isWhitespace(text.charAt(end - 1))) end--;
    while (start < end && Character.isWhitespace(text.charAt(start))) start++;
    if (end > start) out.add(new Span(start, end));
  }

  /** The word ending at the period {@code dot} is an abbreviation or an initial. */
  private static boolean isAbbreviation(String text, int segStart, int dot) {
    int b = dot;
    while (b > segStart && (Character.isLetter(text.charAt(b - 1)) || text.charAt(b - 1) == '.')) b--;
    String word = text.substring(b, dot);
    if (word.isEmpty()) return false;
    if (word.length() == 1 && Character.isUpperCase(word.charAt(0))) return true;
    if (word.indexOf('.') > 0) return true; // U.S. / e.g. / Ph.D.
    return ABBREVIATIONS.contains(word.toLowerCase(Locale.ROOT));
  }

  /** The period closes a leading list number such as "1." or "12." at the start of the segment. */
  private static boolean isListNumber(String text, int segStart, int dot) {
    if (dot == segStart) return false;
    for (int i = segStart; i < dot; i++) {
      if (!Character.isDigit(text.charAt(i))) return false;
    }
    return dot - segStart <= 3;
  }
}
