package dev.glassbox.core.redact;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds personal data and secrets in a text: a pattern proposes each candidate and a validation rule
 * (check digits, ranges, shape) confirms it, so that dates, prices, versions and ids are left alone.
 * Overlapping findings are resolved by type precedence ({@link PiiType} order), then by length.
 */
public final class PiiDetector {

  /**
   * One finding: a half-open character range of the text and what it holds.
   *
   * @param start first character, inclusive
   * @param end last character, exclusive
   */
  public record Finding(PiiType type, int start, int end) {
    public String of(String text) {
      return text.substring(start, end);
    }

    int length() {
      return end - start;
    }

    boolean overlaps(Finding o) {
      return start < o.end && o.start < end;
    }
  }

  /** Every detector. */
  public static final PiiDetector ALL = new PiiDetector(EnumSet.allOf(PiiType.class));

  /**
   * One secret rule.
   *
   * @param anchors literals one of which every match contains (lower case when {@code lowerCase}); a text
   *     holding none is not searched, which keeps ordinary text cheap
   * @param valueGroup 0 for the whole match; otherwise the group holding the value after a kept label
   * @param needsDigit whether the match must hold a digit (random key bodies do; hyphenated English words do not)
   */
  private record SecretRule(Pattern pattern, List<String> anchors, boolean lowerCase, int valueGroup,
      boolean needsDigit) {}

  private static final List<SecretRule> SECRETS = List.of(
      new SecretRule(Pattern.compile("(?<![A-Za-z0-9_-])sk-(?:proj-|ant-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}"),
          List.of("sk-"), false, 0, true),
      new SecretRule(Pattern.compile("(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{36,255}(?![A-Za-z0-9_])"),
          List.of("ghp_", "gho_", "ghu_", "ghs_", "ghr_"), false, 0, true),
      new SecretRule(Pattern.compile("(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9_]{22,255}"),
          List.of("github_pat_"), false, 0, true),
      new SecretRule(Pattern.compile("(?<![A-Za-z0-9_-])xox[abposr]-[A-Za-z0-9-]{10,}"), List.of("xox"), false, 0, true),
      new SecretRule(Pattern.compile("(?<![A-Za-z0-9_])[sr]k_(?:live|test)_[A-Za-z0-9]{16,}"),
          List.of("k_live_", "k_test_"), false, 0, true),
      new SecretRule(Pattern.compile("(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])"),
          List.of("AIza"), false, 0, false),
      new SecretRule(Pattern.compile("(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])"),
          List.of("AKIA", "ASIA"), false, 0, false),
      new SecretRule(Pattern.compile("(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{4,}\\.eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*"),
          List.of("eyJ"), false, 0, false),
      new SecretRule(Pattern.compile("(?i:aws[_ -]?secret[_ -]?(?:access[_ -]?)?key|secret[_ -]?access[_ -]?key)"
          + "[\"']?\\s*(?:=>|[:=])\\s*[\"']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])"), List.of("secret"), true, 1, false),
      new SecretRule(Pattern.compile("(?i:\\bbearer)\\s+([A-Za-z0-9\\-._~+/]{16,}=*)(?![A-Za-z0-9\\-._~+/=])"),
          List.of("bearer"), true, 1, false),
      // A private key's body between its BEGIN and END lines (kept); an unterminated block (a truncated log
      // line) is redacted to the end of the text.
      new SecretRule(Pattern.compile("-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----([\\s\\S]+?)"
          + "(?=-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|\\z)"), List.of("PRIVATE KEY"), false, 1, false));

  private static final Pattern EMAIL = Pattern.compile(
      "(?<![A-Za-z0-9._%+-])[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,62}[A-Za-z0-9_%+-])?@"
          + "(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,24}(?![A-Za-z0-9-])");

  /** Runs of digit groups separated by single spaces or hyphens; sub-runs are tried as card numbers. */
  private static final Pattern DIGIT_GROUPS = Pattern.compile("(?<![A-Za-z0-9_.,/-])\\d+(?:[ -]\\d+)*(?![A-Za-z0-9_])");

  private static final Pattern IBAN_START = Pattern.compile("(?<![A-Za-z0-9])[A-Z]{2}\\d{2}");

  private static final String OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
  private static final Pattern IPV4 = Pattern.compile(
      "(?<![0-9A-Za-z.])(?:" + OCTET + "\\.){3}" + OCTET + "(?![0-9A-Za-z]|\\.\\d)");
  private static final Pattern VERSION_LABEL = Pattern.compile("(?i)\\b(?:version|ver\\.?|build|release|v)\\s*$");
  private static final Pattern DOTTED_QUAD = Pattern.compile("(?:" + OCTET + "\\.){3}" + OCTET);
  private static final Pattern IPV6 = Pattern.compile(
      "(?<![0-9A-Za-z:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:(?:\\d{1,3}\\.){3}\\d{1,3}|[0-9A-Fa-f]{0,4})(?![0-9A-Za-z:])");

  private static final Pattern PHONE = Pattern.compile(
      "(?<![A-Za-z0-9_+\\-/#.:@=])(\\+?)(\\(?\\d[\\d(). -]*\\d)(?![A-Za-z0-9_]|[.\\-/]\\d)");
  private static final Pattern PHONE_LABEL = Pattern.compile(
      "(?i)\\b(?:phone|tel|telephone|call|mobile|cell|fax|whatsapp|sms|text me|ring)\\b[^0-9\\n]{0,12}$");
  private static final Pattern GROUP = Pattern.compile("\\d+");
  private static final Pattern DATE = Pattern.compile(
      "\\d{4}[-. ]\\d{1,2}[-. ]\\d{1,2}|\\d{1,2}[-. ]\\d{1,2}[-. ]\\d{2,4}");

  private final EnumSet<PiiType> enabled;

  public PiiDetector(Set<PiiType> enabled) {
    this.enabled = enabled.isEmpty() ? EnumSet.noneOf(PiiType.class) : EnumSet.copyOf(enabled);
  }

  public Set<PiiType> enabled() {
    return EnumSet.copyOf(enabled);
  }

  /** The findings in the text, non-overlapping, in text order. */
  public List<Finding> find(String text) {
    if (text == null || text.isEmpty() || enabled.isEmpty()) return List.of();
    List<Finding> all = new ArrayList<>();
    if (enabled.contains(PiiType.SECRET)) secrets(text, all);
    if (enabled.contains(PiiType.CARD)) cards(text, all);
    if (enabled.contains(PiiType.IBAN)) ibans(text, all);
    if (enabled.contains(PiiType.EMAIL) && text.indexOf('@') >= 0) add(EMAIL, PiiType.EMAIL, text, all);
    if (enabled.contains(PiiType.IP)) ips(text, all);
    if (enabled.contains(PiiType.PHONE)) phones(text, all);
    return resolve(all);
  }

  /** Keeps the most specific finding of each overlapping set: first by type precedence, then the longest. */
  static List<Finding> resolve(List<Finding> all) {
    if (all.size() < 2) return all;
    List<Finding> ranked = new ArrayList<>(all);
    ranked.sort(Comparator.comparing(Finding::type).thenComparing(Comparator.comparingInt(Finding::length).reversed())
        .thenComparingInt(Finding::start));
    List<Finding> kept = new ArrayList<>();
    for (Finding f : ranked) {
      if (kept.stream().noneMatch(f::overlaps)) kept.add(f);
    }
    kept.sort(Comparator.comparingInt(Finding::start));
    return kept;
  }

  private static void add(Pattern p, PiiType type, String text, List<Finding> out) {
    Matcher m = p.matcher(text);
    while (m.find()) out.add(new Finding(type, m.start(), m.end()));
  }

  private static void secrets(String text, List<Finding> out) {
    String lower = null;
    for (SecretRule rule : SECRETS) {
      if (rule.lowerCase() && lower == null) lower = text.toLowerCase(Locale.ROOT);
      String haystack = rule.lowerCase() ? lower : text;
      if (rule.anchors().stream().noneMatch(haystack::contains)) continue;
      Matcher m = rule.pattern().matcher(text);
      while (m.find()) {
        int start = m.start(rule.valueGroup()), end = m.end(rule.valueGroup());
        // A value after a label is trimmed, so the line breaks around a key body stay.
        while (start < end && Character.isWhitespace(text.charAt(start))) start++;
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) end--;
        if (end <= start) continue;
        if (rule.needsDigit() && text.substring(start, end).chars().noneMatch(Character::isDigit)) continue;
        out.add(new Finding(PiiType.SECRET, start, end));
      }
    }
  }

  /**
   * Card numbers: 13–19 digits written unbroken or in groups of 3–6 with one kind of separator,
   * passing the Luhn check and starting like an issued card (2221–2720, or 3, 4, 5, 6).
   */
  private static void cards(String text, List<Finding> out) {
    Matcher m = DIGIT_GROUPS.matcher(text);
    while (m.find()) {
      List<int[]> groups = new ArrayList<>();
      Matcher g = GROUP.matcher(text).region(m.start(), m.end());
      while (g.find()) groups.add(new int[] {g.start(), g.end()});
      int i = 0;
      while (i < groups.size()) {
        int matchedTo = -1;
        for (int j = groups.size() - 1; j >= i && matchedTo < 0; j--) {
          if (isCard(text, groups, i, j)) matchedTo = j;
        }
        if (matchedTo >= 0) {
          out.add(new Finding(PiiType.CARD, groups.get(i)[0], groups.get(matchedTo)[1]));
          i = matchedTo + 1;
        } else {
          i++;
        }
      }
    }
  }

  private static boolean isCard(String text, List<int[]> groups, int from, int to) {
    StringBuilder digits = new StringBuilder();
    char separator = 0;
    for (int k = from; k <= to; k++) {
      int[] g = groups.get(k);
      int len = g[1] - g[0];
      if (from != to && (len < 3 || len > 6)) return false;
      if (k > from) {
        char s = text.charAt(g[0] - 1);
        if (separator != 0 && s != separator) return false;
        separator = s;
      }
      digits.append(text, g[0], g[1]);
    }
    int n = digits.length();
    if (n < 13 || n > 19) return false;
    return issuedPrefix(digits) && Checksums.luhn(digits.toString());
  }

  private static boolean issuedPrefix(CharSequence d) {
    char first = d.charAt(0);
    if (first >= '3' && first <= '6') return true;
    if (first != '2') return false;
    int four = Integer.parseInt(d.subSequence(0, 4).toString());
    return four >= 2221 && four <= 2720;
  }

  /**
   * IBANs: an upper-case registered country code and two check digits, then exactly the country's
   * length of letters and digits (single spaces allowed between them), passing the mod-97 check.
   */
  private static void ibans(String text, List<Finding> out) {
    Matcher m = IBAN_START.matcher(text);
    while (m.find()) {
      Integer length = Checksums.IBAN_LENGTHS.get(text.substring(m.start(), m.start() + 2));
      if (length == null) continue;
      StringBuilder compact = new StringBuilder(text.substring(m.start(), m.end()));
      int i = m.end();
      while (compact.length() < length && i < text.length()) {
        char c = text.charAt(i);
        if (c == ' ' && i + 1 < text.length() && Character.isLetterOrDigit(text.charAt(i + 1))
            && text.charAt(i - 1) != ' ') {
          i++;
          continue;
        }
        if (!isAsciiAlnum(c)) break;
        compact.append(Character.toUpperCase(c));
        i++;
      }
      if (compact.length() != length) continue;
      if (i < text.length() && isAsciiAlnum(text.charAt(i))) continue;
      if (Checksums.iban(compact.toString())) out.add(new Finding(PiiType.IBAN, m.start(), i));
    }
  }

  private static boolean isAsciiAlnum(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }

  /** IPv4 in dotted-quad form with octets 0–255 (not after "version", "v", "build"), and valid IPv6. */
  private static void ips(String text, List<Finding> out) {
    if (mayHoldIpv6(text)) {
      Matcher v6 = IPV6.matcher(text);
      while (v6.find()) {
        if (isIpv6(v6.group())) out.add(new Finding(PiiType.IP, v6.start(), v6.end()));
      }
    }
    if (text.indexOf('.') < 0) return;
    Matcher m = IPV4.matcher(text);
    while (m.find()) {
      String before = text.substring(Math.max(0, m.start() - 12), m.start());
      if (!VERSION_LABEL.matcher(before).find()) out.add(new Finding(PiiType.IP, m.start(), m.end()));
    }
  }

  /** Whether two colons lie at most 5 characters apart, as in every IPv6 address; prose rarely has them. */
  private static boolean mayHoldIpv6(String text) {
    int prev = -10;
    for (int i = text.indexOf(':'); i >= 0; i = text.indexOf(':', i + 1)) {
      if (i - prev <= 5) return true;
      prev = i;
    }
    return false;
  }

  /**
   * Eight groups of 1–4 hex digits, or fewer around one {@code ::}; an IPv4 tail counts as two
   * groups. At least two groups must be written, so {@code ::1} and C++'s {@code a::b} are not taken.
   */
  static boolean isIpv6(String s) {
    int dc = s.indexOf("::");
    if (dc >= 0 && s.indexOf("::", dc + 1) >= 0) return false;
    String[] parts = s.split(":", -1);
    int written = 0;
    int groups = 0;
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i];
      if (p.isEmpty()) continue;
      if (p.contains(".")) {
        if (i != parts.length - 1 || !DOTTED_QUAD.matcher(p).matches()) return false;
        groups += 2;
        written += 2;
        continue;
      }
      if (p.length() > 4) return false;
      groups++;
      written++;
    }
    if (dc < 0) {
      // Without "::" no group may be empty, so a leading or trailing single colon is not an address.
      for (String p : parts) if (p.isEmpty()) return false;
      return groups == 8;
    }
    return groups <= 7 && written >= 2;
  }

  /**
   * Phone numbers. With a leading {@code +}: 8–15 digits (E.164), the last group at least 2 digits.
   * Without: the North American shape ({@code (415) 555-0132}, {@code 415-555-0132}, {@code 1 415 555 0132}),
   * or a national number with a trunk {@code 0} (10–12 digits in 2+ groups, every group after the
   * first at least 2 digits), or 7–15 digits right after a word like "phone", "tel" or "call".
   * Candidates that fail are retried without their trailing groups ("+44 20 7946 0958 2 times").
   */
  private static void phones(String text, List<Finding> out) {
    Matcher m = PHONE.matcher(text);
    while (m.find()) {
      boolean plus = !m.group(1).isEmpty();
      int start = m.start();
      // The label is looked for only when the digit count alone does not settle it (most numbers are short).
      BooleanSupplier labelled = () -> PHONE_LABEL.matcher(text.substring(Math.max(0, start - 30), start)).find();
      String body = m.group(2);
      int bodyStart = m.start(2);
      int end = body.length();
      while (end > 0) {
        String candidate = body.substring(0, end);
        if (isPhone(candidate, plus, labelled)) {
          out.add(new Finding(PiiType.PHONE, start, bodyStart + end));
          break;
        }
        int cut = lastSeparatorRun(candidate);
        if (cut <= 0) break;
        end = cut;
      }
    }
  }

  private static int lastSeparatorRun(String s) {
    int i = s.length() - 1;
    while (i >= 0 && Character.isDigit(s.charAt(i))) i--;
    while (i >= 0 && !Character.isDigit(s.charAt(i))) i--;
    return i + 1;
  }

  static boolean isPhone(String body, boolean plus, BooleanSupplier labelled) {
    if (!Character.isDigit(body.charAt(body.length() - 1))) return false;
    // Separators: single space, dot or hyphen, and at most one pair of parentheses.
    int open = 0, close = 0;
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '(') open++;
      if (c == ')') close++;
      if (i > 0 && !Character.isDigit(c) && !Character.isDigit(body.charAt(i - 1))
          && !(body.charAt(i - 1) == ')' && c == ' ') && !(c == '(' && body.charAt(i - 1) == ' ')) {
        return false;
      }
    }
    if (open != close || open > 1) return false;
    if (open == 1 && body.indexOf('(') > body.indexOf(')')) return false;
    List<String> groups = new ArrayList<>();
    Matcher g = GROUP.matcher(body);
    while (g.find()) groups.add(g.group());
    int digits = groups.stream().mapToInt(String::length).sum();
    String last = groups.get(groups.size() - 1);
    if (plus) return digits >= 8 && digits <= 15 && last.length() >= 2;
    if (looksLikeDate(body)) return false;
    if (digits < 7 || digits > 15) return false;
    return northAmerican(groups) || nationalWithTrunk(groups, digits) || labelled.getAsBoolean();
  }

  private static boolean nationalWithTrunk(List<String> groups, int digits) {
    if (groups.size() < 2 || digits < 10 || digits > 12 || groups.get(0).charAt(0) != '0') return false;
    for (int i = 1; i < groups.size(); i++) if (groups.get(i).length() < 2) return false;
    return true;
  }

  private static boolean northAmerican(List<String> groups) {
    List<Integer> sizes = groups.stream().map(String::length).toList();
    boolean area = sizes.equals(List.of(3, 3, 4)) && groups.get(0).charAt(0) >= '2';
    boolean withOne = sizes.equals(List.of(1, 3, 3, 4)) && groups.get(0).equals("1") && groups.get(1).charAt(0) >= '2';
    return area || withOne;
  }

  private static boolean looksLikeDate(String body) {
    return DATE.matcher(body).matches();
  }

  @Override
  public String toString() {
    return "PiiDetector" + enabled.stream().map(t -> t.name().toLowerCase(Locale.ROOT)).toList();
  }
}
