package dev.glassbox.verifier;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * FactCC-style edits of one source sentence: ones that change what it says (exchange two names or numbers, change a
 * number, negate, put in a same-type term from elsewhere) and ones of the same size that keep its meaning (reorder a
 * coordination, drop a parenthesis, add a harmless adverb). Each returns null where it does not apply.
 */
final class ClaimEdits {

  /** Names (capitalised runs not at the sentence start) and numbers: the terms edits exchange or replace. */
  static final Pattern NAME = Pattern.compile("(?<=\\s)[A-Z][a-z]+(?:\\s[A-Z][a-z]+)*");
  static final Pattern NUMBER = Pattern.compile("\\b\\d[\\d,.]*\\d\\b|\\b\\d\\b");
  private static final Pattern AUXILIARY = Pattern.compile("\\b(is|was|are|were|has|have|had|will|can|could|would|did|does|should)\\b");
  private static final Pattern NEGATED = Pattern.compile("\\b(is|was|are|were|has|have|had|will|can|could|would|did|does|should) not\\b");
  /** Two names, or two lower-case words that end a phrase (before punctuation or a preposition), joined by "and". */
  private static final Pattern COORDINATION = Pattern.compile("\\b([A-Z][a-z]+) and ([A-Z][a-z]+)\\b"
      + "|\\b([a-z]{3,}) and ([a-z]{3,})(?=[,.;]| (?:in|of|at|for|to|from|on|with|by)\\b)");
  private static final Pattern PARENTHESIS = Pattern.compile("\\s*\\([^()]{1,80}\\)");

  private ClaimEdits() {}

  /** Two different terms of one kind exchanged (who did what to whom, which figure belongs where). */
  static String exchange(String s, Pattern kind) {
    List<Matcher> found = matches(s, kind);
    for (int i = 0; i < found.size(); i++) {
      for (int j = i + 1; j < found.size(); j++) {
        Matcher a = found.get(i);
        Matcher b = found.get(j);
        if (a.group().equals(b.group())) continue;
        return s.substring(0, a.start()) + b.group() + s.substring(a.end(), b.start()) + a.group() + s.substring(b.end());
      }
    }
    return null;
  }

  /** One number changed to a nearby different one of the same form. */
  static String changeNumber(String s, Random random) {
    List<Matcher> found = matches(s, NUMBER);
    if (found.isEmpty()) return null;
    Matcher m = found.get(random.nextInt(found.size()));
    String digits = m.group();
    char[] c = digits.toCharArray();
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < c.length; i++) if (Character.isDigit(c[i])) positions.add(i);
    int p = positions.get(positions.size() == 1 ? 0 : random.nextInt(positions.size()));
    int old = c[p] - '0';
    int now = (old + 1 + random.nextInt(8)) % 10;
    if (p == 0 && now == 0 && c.length > 1) now = old == 9 ? 8 : old + 1;
    c[p] = (char) ('0' + now);
    return s.substring(0, m.start()) + new String(c) + s.substring(m.end());
  }

  /** "was" → "was not", or an existing "was not" → "was". */
  static String negate(String s) {
    Matcher neg = NEGATED.matcher(s);
    if (neg.find()) return s.substring(0, neg.start()) + neg.group(1) + s.substring(neg.end());
    Matcher aux = AUXILIARY.matcher(s);
    if (!aux.find()) return null;
    return s.substring(0, aux.end()) + " not" + s.substring(aux.end());
  }

  /** The meaning-keeping counterpart of {@link #negate}: one harmless word at the same place. */
  static String affirm(String s) {
    Matcher aux = AUXILIARY.matcher(s);
    if (!aux.find() || NEGATED.matcher(s).find()) return null;
    return s.substring(0, aux.end()) + " also" + s.substring(aux.end());
  }

  /** One term replaced by a different term of the same kind that {@code elsewhere} mentions. */
  static String replaceTerm(String s, String elsewhere, Pattern kind, Random random) {
    List<Matcher> here = matches(s, kind);
    List<String> there = new ArrayList<>();
    for (Matcher m : matches(elsewhere, kind)) if (!s.contains(m.group()) && !there.contains(m.group())) there.add(m.group());
    if (here.isEmpty() || there.isEmpty()) return null;
    Matcher m = here.get(random.nextInt(here.size()));
    return s.substring(0, m.start()) + there.get(random.nextInt(there.size())) + s.substring(m.end());
  }

  /** "A and B" → "B and A". */
  static String reorderCoordination(String s) {
    Matcher m = COORDINATION.matcher(s);
    if (!m.find()) return null;
    int first = m.group(1) != null ? 1 : 3;
    if (m.group(first).equals(m.group(first + 1))) return null;
    return s.substring(0, m.start()) + m.group(first + 1) + " and " + m.group(first) + s.substring(m.end());
  }

  /** A parenthesis dropped. */
  static String dropParenthesis(String s) {
    Matcher m = PARENTHESIS.matcher(s);
    return m.find() ? s.substring(0, m.start()) + s.substring(m.end()) : null;
  }

  private static List<Matcher> matches(String s, Pattern kind) {
    List<Matcher> out = new ArrayList<>();
    Matcher m = kind.matcher(s);
    while (m.find()) {
      Matcher one = kind.matcher(s);
      one.find(m.start());
      out.add(one);
    }
    return out;
  }
}
