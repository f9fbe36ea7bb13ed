package dev.glassbox.core.text;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Word-level helpers for lexical checks: lower-case word tokens, stop words, names and numbers. */
public final class Words {

  /** Function words that say nothing about facts; novelty is measured on the other, content words. */
  public static final Set<String> STOP = Set.of(("a an the of in on at to for by with from and or but is are was "
      + "were be been being it its this that these those as which who whom whose what when where why how than then "
      + "there their they them he she his her him i you we our your not no yes do does did has have had also into "
      + "about over after before during under between s "
      // Words that frame an answer ("Based on the passage, the answer is ...") state no fact of their own.
      + "answer question based according passage context information provided given text document source").split(" "));

  private Words() {}

  /** Lower-case word tokens (letters and digits). */
  public static List<String> words(String text) {
    List<String> out = new ArrayList<>();
    for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) if (!w.isEmpty()) out.add(w);
    return out;
  }

  public static List<String> contentWords(String text) {
    List<String> out = new ArrayList<>();
    for (String w : words(text)) if (!STOP.contains(w)) out.add(w);
    return out;
  }

  public static Set<String> vocabulary(Iterable<String> texts) {
    Set<String> out = new HashSet<>();
    for (String t : texts) out.addAll(words(t));
    return out;
  }

  /** Fraction of the text's content words that are not in {@code vocabulary}; 0 when it has none. */
  public static double novelty(String text, Set<String> vocabulary) {
    List<String> cw = contentWords(text);
    if (cw.isEmpty()) return 0;
    int missing = 0;
    for (String w : cw) if (!vocabulary.contains(w)) missing++;
    return (double) missing / cw.size();
  }

  /**
   * The longest run of consecutive words of {@code text} that also occurs, in the same order and
   * unbroken, in one of the {@code sources}, as a share of the text's words (1 = quoted verbatim;
   * 0 for a text without words). Content words only, on both sides: a framing word or an article more or
   * less ("the answer is X" against "X") does not change what was quoted. Dynamic programming over word
   * ids: O(words × source words).
   */
  public static double longestSharedRun(String text, List<String> sources) {
    List<String> w = contentWords(text);
    if (w.isEmpty()) return 0;
    java.util.Map<String, Integer> ids = new java.util.HashMap<>();
    int[] a = new int[w.size()];
    for (int i = 0; i < a.length; i++) a[i] = ids.computeIfAbsent(w.get(i), k -> ids.size());
    int best = 0;
    for (String source : sources) {
      int[] prev = new int[a.length + 1];
      int[] cur = new int[a.length + 1];
      for (String sw : contentWords(source)) {
        Integer id = ids.get(sw);
        for (int i = 1; i <= a.length; i++) {
          cur[i] = id != null && a[i - 1] == id ? prev[i - 1] + 1 : 0;
          if (cur[i] > best) best = cur[i];
        }
        int[] t = prev;
        prev = cur;
        cur = t;
      }
      if (best == a.length) break;
    }
    return (double) best / a.length;
  }

  /**
   * Names and numbers (capitalised words other than function words, and digit groups) that do not
   * occur in {@code vocabulary}: the facts an embedding glosses over.
   */
  public static List<String> unsupportedTerms(String text, Set<String> vocabulary) {
    List<String> out = new ArrayList<>();
    String[] tokens = text.split("[^\\p{L}\\p{N}]+");
    for (String t : tokens) {
      if (t.isEmpty()) continue;
      String lower = t.toLowerCase(Locale.ROOT);
      boolean name = Character.isUpperCase(t.charAt(0)) && !STOP.contains(lower);
      boolean number = Character.isDigit(t.charAt(0));
      if ((name || number) && !vocabulary.contains(lower) && !out.contains(t)) out.add(t);
    }
    return out;
  }
}
