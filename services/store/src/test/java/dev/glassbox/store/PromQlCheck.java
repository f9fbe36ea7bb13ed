package dev.glassbox.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.glassbox.store.GrafanaProvisioning.Query;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What can be checked of a PromQL query without Prometheus: its brackets, quotes, range durations,
 * functions and metric names; and, where Debian's {@code promtool} is installed, Prometheus's own parser.
 */
final class PromQlCheck {

  private static final Pattern METRIC = Pattern.compile("\\b(glassbox_[a-zA-Z0-9_]+)\\b");
  private static final Pattern RANGE = Pattern.compile("\\[([^]]*)]");
  private static final Pattern CALL = Pattern.compile("\\b([a-z_]+)\\s*\\(");
  private static final Set<String> FUNCTIONS = Set.of("sum", "max", "min", "avg", "count", "rate", "increase",
      "irate", "histogram_quantile", "by", "without", "topk", "bottomk", "delta", "deriv", "clamp_min", "abs",
      "avg_over_time", "max_over_time", "sum_over_time", "vector", "absent");

  private PromQlCheck() {}

  static Set<String> metricNames(String expr) {
    Set<String> names = new TreeSet<>();
    Matcher m = METRIC.matcher(expr);
    while (m.find()) names.add(m.group(1));
    return names;
  }

  static List<String> problems(String expr) {
    List<String> problems = new ArrayList<>();
    if (metricNames(expr).isEmpty()) problems.add("names no glassbox_ metric");
    Deque<Character> open = new ArrayDeque<>();
    boolean quoted = false;
    for (char c : expr.toCharArray()) {
      if (c == '"') quoted = !quoted;
      if (quoted) continue;
      if (c == '(' || c == '{' || c == '[') open.push(c);
      if (c == ')' || c == '}' || c == ']') {
        char expected = c == ')' ? '(' : c == '}' ? '{' : '[';
        if (open.isEmpty() || open.pop() != expected) problems.add("unbalanced " + c);
      }
    }
    if (quoted) problems.add("unclosed quote");
    if (!open.isEmpty()) problems.add("unclosed " + open.peek());
    Matcher r = RANGE.matcher(expr);
    while (r.find()) {
      String d = r.group(1);
      if (!d.matches("\\d+(ms|s|m|h|d|w|y)|\\$__rate_interval|\\$__interval|\\$__range")) problems.add("bad range [" + d + "]");
    }
    Matcher f = CALL.matcher(expr);
    while (f.find()) if (!FUNCTIONS.contains(f.group(1))) problems.add("unknown function " + f.group(1));
    return problems;
  }

  /** Runs {@code promtool check rules} over every expression when promtool is on the PATH; does nothing otherwise. */
  static void withPromtoolIfInstalled(List<Query> queries) {
    Path promtool = onPath("promtool");
    if (promtool == null) {
      System.out.println("promtool not installed: PromQL checked by PromQlCheck only");
      return;
    }
    try {
      StringBuilder rules = new StringBuilder("groups:\n  - name: glassbox_dashboard_queries\n    rules:\n");
      for (int i = 0; i < queries.size(); i++) {
        String expr = queries.get(i).text().replace("$__rate_interval", "5m").replace("$__interval", "1m")
            .replace("$__range", "1h");
        rules.append("      - record: glassbox:query_").append(i).append("\n        expr: '")
            .append(expr.replace("'", "''")).append("'\n");
      }
      Path file = Files.createTempFile("glassbox-promql", ".yml");
      Files.writeString(file, rules, StandardCharsets.UTF_8);
      Process p = new ProcessBuilder(promtool.toString(), "check", "rules", file.toString()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(60, TimeUnit.SECONDS);
      Files.delete(file);
      System.out.println("promtool check rules: " + out.strip());
      assertEquals(0, p.exitValue(), out);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static Path onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, program);
      if (Files.isExecutable(candidate)) return candidate;
    }
    return null;
  }
}
