package dev.glassbox.cli;

import dev.glassbox.core.compare.CompareSettings;
import dev.glassbox.core.compare.Comparison;
import dev.glassbox.core.compare.Grouping;
import dev.glassbox.core.compare.Interval;
import dev.glassbox.core.compare.Proportion;
import dev.glassbox.core.compare.VersionComparison;
import dev.glassbox.core.compare.VersionSample;
import dev.glassbox.core.drift.Normal;
import dev.glassbox.core.encode.AttentionEncoder;
import dev.glassbox.core.json.Json;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code glassbox compare}: two models (or attribute values) of one app compared offline on JSONL files. */
@Command(name = "compare", mixinStandardHelpOptions = true,
    description = "Compare two models (or two values of an attribute) of one app on call, explanation or export "
        + "JSONL files: rates and means with intervals, tests, Holm-adjusted p-values and a verdict.")
public final class CompareCommand implements Callable<Integer> {

  @Option(names = "--in", required = true, description = "call v1, explanation v1 or export JSONL file (repeatable)")
  List<Path> in;

  @Option(names = "--app", required = true, description = "the app whose calls to compare")
  String app;

  @Option(names = "--a", required = true, description = "the first value (the baseline), e.g. a model")
  String a;

  @Option(names = "--b", required = true, description = "the second value, compared with the first")
  String b;

  @Option(names = "--by", defaultValue = "model", description = "model or attribute:<name> (default: ${DEFAULT-VALUE})")
  String by;

  @Option(names = "--since", description = "first call timestamp, inclusive (ISO-8601 instant; default: all)")
  String since;

  @Option(names = "--until", description = "last call timestamp, exclusive (ISO-8601 instant; default: all)")
  String until;

  @Option(names = "--alpha", defaultValue = "0.05", description = "family-wise error rate, Holm (default: ${DEFAULT-VALUE})")
  double alpha;

  @Option(names = "--permutations", defaultValue = "499", description = "MMD permutations (default: ${DEFAULT-VALUE})")
  int permutations;

  @Option(names = "--max-per-side", defaultValue = "300", description = "embeddings per side for MMD (default: ${DEFAULT-VALUE})")
  int maxPerSide;

  @Option(names = "--seed", defaultValue = "42", description = "seed of subsamples, permutations and splits (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--split-check", defaultValue = "0",
      description = "also compare N seeded random halves of each version with each other and print how often that alarms")
  int splitCheck;

  @Option(names = "--out", description = "write the comparison as JSON here")
  Path out;

  @Override
  public Integer call() throws Exception {
    for (Path p : in) if (!Commands.readable("compare", p)) return 2;
    Grouping grouping;
    CompareSettings settings;
    Instant from, to;
    try {
      grouping = Grouping.parse(by);
      settings = new CompareSettings(alpha, permutations, maxPerSide, CompareSettings.DEFAULT.minPerSide(), seed);
      from = since == null ? Instant.MIN : instant(since, "--since");
      to = until == null ? Instant.MAX : instant(until, "--until");
      if (a.equals(b)) throw new IllegalArgumentException("--a and --b must differ");
    } catch (IllegalArgumentException e) {
      System.err.println("glassbox compare: " + e.getMessage());
      return 2;
    }
    Map<String, List<CompareInputs.Observed>> sides = new LinkedHashMap<>();
    sides.put(a, new ArrayList<>());
    sides.put(b, new ArrayList<>());
    try (AttentionEncoder encoder = Commands.encoder()) {
      for (Path p : in) {
        for (CompareInputs.Observed o : CompareInputs.read(p, encoder, System.err)) {
          var e = o.explanation();
          if (!app.equals(e.app()) || !within(e.timestamp(), from, to)) continue;
          String value = grouping.valueOf(e.model(), e.call() == null ? null : e.call().attributes());
          List<CompareInputs.Observed> side = value == null ? null : sides.get(value);
          if (side != null) side.add(o);
        }
      }
    }
    System.out.printf(Locale.ROOT, "app %s, %s: a = %s (%d calls), b = %s (%d calls)%n", app, grouping, a,
        sides.get(a).size(), b, sides.get(b).size());
    Comparison c = new VersionComparison(settings).compare(grouping.toString(), a, b, sample(sides.get(a)),
        sample(sides.get(b)));
    printTable(c, System.out);
    if (out != null) Files.writeString(out, Json.string(c) + "\n", StandardCharsets.UTF_8);
    if (splitCheck > 0) {
      for (var side : sides.entrySet()) splitCheck(side.getKey(), side.getValue(), settings, System.out);
    }
    return 0;
  }

  private static Instant instant(String text, String option) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(option + " must be an ISO-8601 instant such as 2026-11-01T00:00:00Z");
    }
  }

  private static boolean within(String timestamp, Instant from, Instant to) {
    try {
      Instant t = Instant.parse(timestamp);
      return !t.isBefore(from) && t.isBefore(to);
    } catch (DateTimeParseException | NullPointerException e) {
      return false;
    }
  }

  static VersionSample sample(List<CompareInputs.Observed> calls) {
    VersionSample.Builder builder = new VersionSample.Builder();
    for (CompareInputs.Observed o : calls) o.addTo(builder);
    return builder.build();
  }

  /**
   * Compares {@code splits} seeded random halves of one version with each other: every alarm is a false one, so the
   * alarm rate measures the comparison's family-wise error on this data (Holm promises at most alpha).
   */
  private void splitCheck(String version, List<CompareInputs.Observed> calls, CompareSettings settings,
      PrintStream printed) {
    if (calls.size() < 2 * settings.minPerSide()) {
      printed.printf("split check of %s: too few calls (%d)%n", version, calls.size());
      return;
    }
    int alarms = 0;
    Map<String, Integer> byMetric = new LinkedHashMap<>();
    for (int s = 0; s < splitCheck; s++) {
      List<CompareInputs.Observed> shuffled = new ArrayList<>(calls);
      SplittableRandom random = new SplittableRandom(settings.seed() + s);
      for (int i = shuffled.size() - 1; i > 0; i--) Collections.swap(shuffled, i, random.nextInt(i + 1));
      int half = shuffled.size() / 2;
      Comparison c = new VersionComparison(settings.withSeed(settings.seed() + s)).compare(by, "half 1", "half 2",
          sample(shuffled.subList(0, half)), sample(shuffled.subList(half, shuffled.size())));
      if (c.differs()) alarms++;
      for (Comparison.Metric m : c.metrics()) if (m.significant()) byMetric.merge(m.name(), 1, Integer::sum);
    }
    Interval ci = new Proportion(alarms, splitCheck).wilson(Normal.upperQuantile(0.025));
    printed.printf(Locale.ROOT, "split check of %s: %d of %d random halves alarmed: false-alarm rate %.3f "
        + "[%.3f, %.3f] (95%% Wilson); by metric %s%n", version, alarms, splitCheck, (double) alarms / splitCheck,
        ci.low(), ci.high(), byMetric);
  }

  static void printTable(Comparison c, PrintStream out) {
    out.printf("%-24s %-30s %-30s %-34s %-20s %10s %10s%n", "metric", "a [CI] (n)", "b [CI] (n)", "b - a [CI]",
        "test", "p", "holm p");
    for (Comparison.Metric m : c.metrics()) {
      out.printf("%-24s %-30s %-30s %-34s %-20s %10s %10s%s%n", m.name(), value(m.a(), m.aInterval(), m.aCount()),
          value(m.b(), m.bInterval(), m.bCount()), difference(m), m.method(), number(m.pValue()),
          number(m.adjustedPValue()), m.significant() ? "  *" : m.note() == null ? "" : "  (" + m.note() + ")");
    }
    out.println("verdict: " + c.verdict());
  }

  private static String value(Double v, Interval i, long n) {
    if (v == null) return "(" + n + ")";
    return String.format(Locale.ROOT, "%.4f [%.4f, %.4f] (%d)", v, i.low(), i.high(), n);
  }

  private static String difference(Comparison.Metric m) {
    if (m.difference() != null) {
      return String.format(Locale.ROOT, "%+.4f [%+.4f, %+.4f]", m.difference(), m.differenceInterval().low(),
          m.differenceInterval().high());
    }
    return m.statistic() == null ? "" : String.format(Locale.ROOT, "MMD² %.5f", m.statistic());
  }

  private static String number(Double p) {
    return p == null ? "-" : String.format(Locale.ROOT, "%.3g", p);
  }
}
