package dev.glassbox.cli;

import dev.glassbox.core.drift.DriftDetector;
import dev.glassbox.core.drift.DriftPoint;
import dev.glassbox.core.drift.DriftReport;
import dev.glassbox.core.drift.DriftSettings;
import dev.glassbox.core.drift.OfflineDrift;
import dev.glassbox.core.drift.ReferencePolicy;
import dev.glassbox.core.drift.WindowSpec;
import dev.glassbox.core.encode.AttentionEncoder;
import dev.glassbox.core.explanation.Explanation;
import dev.glassbox.core.json.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code glassbox drift}: backtests drift over a JSONL file with the same window math as the drift service. */
@Command(name = "drift", mixinStandardHelpOptions = true,
    description = "Window a call (or explanation) JSONL file per app/model/tenant, compare each window with its "
        + "reference, print a table and write one drift report JSON line per closed window.")
public final class DriftCommand implements Callable<Integer> {

  @Option(names = "--in", required = true, description = "call v1 or explanation v1 JSONL file")
  Path in;

  @Option(names = "--out", description = "drift report JSONL file to write")
  Path out;

  @Option(names = "--window", defaultValue = "200",
      description = "window: a call count (200) or an ISO-8601 / short duration (PT1H, 1h, 1d) (default: ${DEFAULT-VALUE})")
  String window;

  @Option(names = "--min-calls", defaultValue = "100", description = "fewest calls a time window closes with (default: ${DEFAULT-VALUE})")
  int minCalls;

  @Option(names = "--reference", defaultValue = "fixed", description = "fixed, previous or sliding (default: ${DEFAULT-VALUE})")
  String reference;

  @Option(names = "--reference-calls", defaultValue = "0",
      description = "fixed: calls the baseline gathers, in whole windows (default: one window)")
  int referenceCalls;

  @Option(names = "--sliding-windows", defaultValue = "3", description = "sliding: windows in the baseline (default: ${DEFAULT-VALUE})")
  int slidingWindows;

  @Mixin
  DriftInputs inputs;

  @Option(names = "--alpha", defaultValue = "0.05", description = "false-alarm rate per window (default: ${DEFAULT-VALUE})")
  double alpha;

  @Option(names = "--permutations", defaultValue = "499", description = "MMD permutations (default: ${DEFAULT-VALUE})")
  int permutations;

  @Override
  public Integer call() throws Exception {
    if (!Commands.readable("drift", in)) return 2;
    WindowSpec spec;
    ReferencePolicy policy;
    DriftSettings settings;
    try {
      spec = windowSpec(window, minCalls);
      policy = ReferencePolicy.parse(reference);
      settings = new DriftSettings(alpha, permutations, DriftSettings.DEFAULT.maxPerSide(),
          DriftSettings.DEFAULT.clusters(), DriftSettings.DEFAULT.psiBins(), DriftSettings.DEFAULT.psiThreshold(),
          DriftSettings.DEFAULT.topChanges(), DriftSettings.DEFAULT.examples(), DriftSettings.DEFAULT.seed());
    } catch (IllegalArgumentException e) {
      System.err.println("glassbox drift: " + e.getMessage());
      return 2;
    }
    List<DriftReport> reports = new ArrayList<>();
    try (AttentionEncoder encoder = Commands.encoder()) {
      DriftDetector detector;
      try {
        detector = new DriftDetector(settings, inputs.concepts(encoder));
      } catch (IllegalArgumentException e) {
        System.err.println("glassbox drift: " + e.getMessage());
        return 2;
      }
      long t0 = System.nanoTime();
      List<Explanation> explanations = inputs.read(in, encoder, System.err, null);
      System.err.printf(Locale.ROOT, "read %d explanations in %.1f s%n", explanations.size(), (System.nanoTime() - t0) / 1e9);
      int refCalls = referenceCalls > 0 ? referenceCalls : Math.max(1, spec.lengthMillis() == 0 ? spec.calls() : spec.minCalls());
      OfflineDrift drift = new OfflineDrift(detector, spec, policy, refCalls, slidingWindows, reports::add);
      feed(drift, explanations);
    }
    if (out != null) {
      try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
        for (DriftReport r : reports) {
          w.write(Json.string(r));
          w.write('\n');
        }
      }
    }
    printTable(reports, System.out);
    return 0;
  }

  /** Feeds explanations in time order (stable for equal timestamps), skipping those with unreadable timestamps. */
  static void feed(OfflineDrift drift, List<Explanation> explanations) {
    List<DriftPoint> points = new ArrayList<>();
    List<OfflineDrift.Key> keys = new ArrayList<>();
    for (Explanation e : explanations) {
      try {
        points.add(DriftPoint.of(e));
        keys.add(new OfflineDrift.Key(e.tenant(), e.app(), e.model()));
      } catch (IllegalArgumentException ex) {
        System.err.println("skipped: " + ex.getMessage());
      }
    }
    Integer[] order = new Integer[points.size()];
    for (int i = 0; i < order.length; i++) order[i] = i;
    java.util.Arrays.sort(order, Comparator.comparingLong(i -> points.get(i).timestampMillis()));
    for (int i : order) drift.add(keys.get(i), points.get(i));
    drift.finish();
  }

  static WindowSpec windowSpec(String window, int minCalls) {
    String w = window.trim();
    if (w.matches("\\d+")) return WindowSpec.byCount(Integer.parseInt(w));
    Duration d;
    try {
      d = w.toUpperCase(Locale.ROOT).startsWith("P") ? Duration.parse(w) : Duration.parse(
          w.toLowerCase(Locale.ROOT).endsWith("d") ? "P" + w : "PT" + w);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("--window must be a call count or a duration such as PT1H, 1h or 1d, not '" + window + "'");
    }
    return WindowSpec.byTime(d.toMillis(), minCalls);
  }

  static void printTable(List<DriftReport> reports, PrintStream out) {
    out.printf(Locale.ROOT, "%-20s %-20s %6s %-7s %-22s %s%n", "window_start", "window_end", "calls", "drifted",
        "strongest test (adj p)", "what rose most");
    for (DriftReport r : reports) {
      DriftReport.Test best = r.tests().stream().min(Comparator.comparingDouble(DriftReport.Test::adjustedPValue)).orElse(null);
      String top = r.changes().isEmpty() || r.changes().get(0).change() <= 0 ? "-"
          : String.format(Locale.ROOT, "%s (%+.2f)", cut(r.changes().get(0).name(), 70), r.changes().get(0).change());
      out.printf(Locale.ROOT, "%-20s %-20s %6d %-7s %-22s %s%n", r.windowStart(), r.windowEnd(), r.calls(),
          r.drifted() ? "YES" : "no", best == null ? "-" : String.format(Locale.ROOT, "%s %.3g", best.name(), best.adjustedPValue()), top);
    }
    long drifted = reports.stream().filter(DriftReport::drifted).count();
    out.printf(Locale.ROOT, "%d windows, %d drifted%n", reports.size(), drifted);
  }

  static String cut(String s, int n) {
    return s.length() > n ? s.substring(0, n - 3) + "..." : s;
  }

  static void write(BufferedWriter w, String line) {
    try {
      w.write(line);
      w.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
