package dev.glassbox.cli;

import dev.glassbox.core.call.Call;
import dev.glassbox.core.drift.ConceptVector;
import dev.glassbox.core.drift.DriftDetector;
import dev.glassbox.core.drift.DriftPoint;
import dev.glassbox.core.drift.DriftReport;
import dev.glassbox.core.drift.DriftSettings;
import dev.glassbox.core.drift.OfflineDrift;
import dev.glassbox.core.drift.ReferencePolicy;
import dev.glassbox.core.drift.WindowSpec;
import dev.glassbox.core.encode.AttentionEncoder;
import dev.glassbox.core.encode.Encoder;
import dev.glassbox.core.explanation.Explanation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code glassbox drift-bench}: false-alarm and detection rates of the drift detector on domain-labelled calls,
 * whether its report names the new domains, the cost of one window, and optionally a daily-window backtest.
 */
@Command(name = "drift-bench", mixinStandardHelpOptions = true,
    description = "Measure drift alarm rates on HaluEval 2.0 domains (no-shift vs domain-switch windows) and the cost per window.")
public final class DriftBenchCommand implements Callable<Integer> {

  @Option(names = "--in", defaultValue = "../shared/data/halueval2-domains.dev.jsonl",
      description = "domain-labelled call v1 JSONL (labels.domain) (default: ${DEFAULT-VALUE})")
  Path in;

  @Option(names = "--trials", defaultValue = "100", description = "trials per condition (default: ${DEFAULT-VALUE})")
  int trials;

  @Option(names = "--window", defaultValue = "200", description = "calls per window and per reference (default: ${DEFAULT-VALUE})")
  int window;

  @Mixin
  DriftInputs inputs;

  @Option(names = "--daily", description = "also backtest this time-ordered call file with daily windows (e.g. reuters-stream.dev.jsonl)")
  Path daily;

  @Option(names = "--daily-reference", defaultValue = "previous", description = "reference policy of the daily backtest (default: ${DEFAULT-VALUE})")
  String dailyReference;

  @Option(names = "--daily-max-tokens", defaultValue = "256",
      description = "encoder input cut-off for the daily backtest; long articles embed ~4x faster at 64 (default: ${DEFAULT-VALUE})")
  int dailyMaxTokens;

  @Option(names = "--seed", defaultValue = "1", description = "seed of the trial draws (default: ${DEFAULT-VALUE})")
  long seed;

  /** The encoded calls by domain, and the domain of each (shortened) prompt, to say what a change is. */
  private record Labelled(Map<String, List<DriftPoint>> byDomain, Map<String, String> domainOfPrompt) {}

  /** Alarm and naming counts over the trials, for the cluster detector and (when given) the concept one. */
  private static final class Tally {
    int nullAlarms, shiftAlarms, clusterNamed, conceptNamed, conceptNullAlarms, conceptShiftAlarms;
    final Map<String, Integer> namedCounts = new TreeMap<>();
  }

  @Override
  public Integer call() throws Exception {
    if (!Commands.readable("drift-bench", in)) return 2;
    if (trials == 0 && daily != null) {
      daily();
      return 0;
    }
    try (AttentionEncoder encoder = Commands.encoder()) {
      Labelled labelled = encodeByDomain(encoder);
      System.out.println("domains: " + labelled.byDomain().entrySet().stream()
          .map(en -> en.getKey() + "=" + en.getValue().size()).collect(Collectors.joining(", ")));
      if (labelled.byDomain().size() < 4) {
        System.err.println("glassbox drift-bench: need at least four domains in labels.domain");
        return 2;
      }
      List<ConceptVector> conceptVectors = inputs.concepts(encoder);
      DriftDetector clusters = new DriftDetector(DriftSettings.DEFAULT, List.of());
      DriftDetector withConcepts = conceptVectors.isEmpty() ? null : new DriftDetector(DriftSettings.DEFAULT, conceptVectors);
      SplittableRandom random = new SplittableRandom(seed);
      Tally tally = new Tally();
      noShiftTrials(labelled, clusters, withConcepts, random, tally);
      switchTrials(labelled, clusters, withConcepts, random, tally);
      printRates(tally, withConcepts != null);
      cost(labelled.byDomain());
    }
    if (daily != null) daily();
    return 0;
  }

  /** Every call of {@code --in} encoded once (all trials reuse these points), grouped by its domain label. */
  private Labelled encodeByDomain(Encoder encoder) throws IOException {
    Map<String, Call> calls = new HashMap<>();
    long t0 = System.nanoTime();
    List<Explanation> explanations = inputs.read(in, encoder, System.err, calls);
    System.out.printf(Locale.ROOT, "encoded %d calls once in %.1f s (%s)%n", explanations.size(),
        (System.nanoTime() - t0) / 1e9, inputs.embeddingsOnly ? "embeddings only" : "full explanations");
    Map<String, List<DriftPoint>> byDomain = new TreeMap<>();
    Map<String, String> domainOfPrompt = new HashMap<>();
    for (Explanation e : explanations) {
      String domain = String.valueOf(calls.get(e.callId()).labels().getOrDefault("domain",
          calls.get(e.callId()).attributes().get("domain")));
      DriftPoint p = DriftPoint.of(e);
      byDomain.computeIfAbsent(domain, k -> new ArrayList<>()).add(p);
      domainOfPrompt.put(shorten(p.promptText()), domain);
    }
    return new Labelled(byDomain, domainOfPrompt);
  }

  /** Reference and window drawn from one mix of two domains: every alarm is a false one. */
  private void noShiftTrials(Labelled labelled, DriftDetector clusters, DriftDetector withConcepts,
      SplittableRandom random, Tally tally) {
    List<String> domains = new ArrayList<>(labelled.byDomain().keySet());
    for (int t = 0; t < trials; t++) {
      List<String> mix = pair(domains, random, null);
      List<DriftPoint> pool = pool(labelled.byDomain(), mix);
      shuffle(pool, random);
      List<DriftPoint> ref = pool.subList(0, window), win = pool.subList(window, Math.min(pool.size(), 2 * window));
      if (clusters.compare("bench", "m", "t", "fixed", ref, win).drifted()) tally.nullAlarms++;
      if (withConcepts != null && withConcepts.compare("bench", "m", "t", "fixed", ref, win).drifted()) {
        tally.conceptNullAlarms++;
      }
    }
  }

  /** The window from two other domains than the reference: an alarm is right, and the report should name them. */
  private void switchTrials(Labelled labelled, DriftDetector clusters, DriftDetector withConcepts,
      SplittableRandom random, Tally tally) {
    List<String> domains = new ArrayList<>(labelled.byDomain().keySet());
    for (int t = 0; t < trials; t++) {
      List<String> from = pair(domains, random, null);
      List<String> to = pair(domains, random, from);
      List<DriftPoint> a = pool(labelled.byDomain(), from), b = pool(labelled.byDomain(), to);
      shuffle(a, random);
      shuffle(b, random);
      List<DriftPoint> ref = a.subList(0, window), win = b.subList(0, window);
      DriftReport r = clusters.compare("bench", "m", "t", "fixed", ref, win);
      if (r.drifted()) tally.shiftAlarms++;
      DriftReport.Change top = r.changes().isEmpty() ? null : r.changes().get(0);
      if (top != null && top.change() > 0 && to.contains(majority(top.prompts(), labelled.domainOfPrompt()))) {
        tally.clusterNamed++;
      }
      if (withConcepts != null) {
        DriftReport c = withConcepts.compare("bench", "m", "t", "fixed", ref, win);
        if (c.drifted()) tally.conceptShiftAlarms++;
        List<String> rose = c.changes().stream().filter(ch -> ch.change() > 0).limit(2).map(DriftReport.Change::name).toList();
        if (rose.size() == 2 && to.containsAll(rose)) tally.conceptNamed++;
        tally.namedCounts.merge(String.join(" + ", to) + " -> " + String.join(" + ", rose), 1, Integer::sum);
      }
      if (t < 2) printExample(from, to, r, labelled.domainOfPrompt());
    }
  }

  private static void printExample(List<String> from, List<String> to, DriftReport r, Map<String, String> domainOfPrompt) {
    System.out.printf(Locale.ROOT, "example switch %s -> %s: drifted=%s; rising clusters: %s%n", from, to, r.drifted(),
        r.changes().stream().filter(ch -> ch.change() > 0).map(ch -> String.format(Locale.ROOT, "[%s %+.2f] %s",
            majority(ch.prompts(), domainOfPrompt), ch.change(), DriftCommand.cut(ch.name(), 60))).toList());
    System.out.println("  examples: " + r.examples().stream().map(e -> DriftCommand.cut(e, 60)).toList());
  }

  private void printRates(Tally tally, boolean withConcepts) {
    System.out.printf(Locale.ROOT, "no-shift windows (%d trials, %d+%d calls, Holm alpha=%.2f): alarm rate %.3f%n",
        trials, window, window, DriftSettings.DEFAULT.alpha(), (double) tally.nullAlarms / trials);
    System.out.printf(Locale.ROOT, "domain-switch windows (%d trials): alarm rate %.3f; top rising cluster is a new domain in %.3f%n",
        trials, (double) tally.shiftAlarms / trials, (double) tally.clusterNamed / trials);
    if (!withConcepts) return;
    System.out.printf(Locale.ROOT, "with concepts: no-shift alarm rate %.3f, switch alarm rate %.3f; "
        + "the two rising concepts are exactly the new domains in %.3f%n", (double) tally.conceptNullAlarms / trials,
        (double) tally.conceptShiftAlarms / trials, (double) tally.conceptNamed / trials);
    tally.namedCounts.entrySet().stream().sorted((x, y) -> y.getValue() - x.getValue()).limit(6)
        .forEach(en -> System.out.println("  " + en.getValue() + "x  " + en.getKey()));
  }

  /** Cost of one window: 500 reference + 500 window calls, 384-d prompt and response embeddings. */
  private void cost(Map<String, List<DriftPoint>> byDomain) {
    List<DriftPoint> all = new ArrayList<>();
    byDomain.values().forEach(all::addAll);
    if (all.size() < 1000) return;
    shuffle(all, new SplittableRandom(3));
    List<DriftPoint> ref = all.subList(0, 500), win = all.subList(500, 1000);
    DriftDetector d = new DriftDetector(DriftSettings.DEFAULT, List.of());
    List<DriftPoint> promptOnly = strip(ref), promptOnlyWin = strip(win);
    long[] full = new long[7], prompt = new long[7];
    for (int i = 0; i < 7; i++) {
      long t = System.nanoTime();
      d.compare("bench", "m", "t", "fixed", ref, win);
      full[i] = System.nanoTime() - t;
      t = System.nanoTime();
      d.compare("bench", "m", "t", "fixed", promptOnly, promptOnlyWin);
      prompt[i] = System.nanoTime() - t;
    }
    System.out.printf(Locale.ROOT, "cost per window, 2x500 calls, %d cores, median of 5 after 2 warm-ups: "
            + "%.0f ms for 2x500x384 embeddings (one side: MMD %d permutations + classifier + KS/PSI + clusters); "
            + "%.0f ms with prompt and response embeddings%n", Runtime.getRuntime().availableProcessors(),
        median(prompt) / 1e6, DriftSettings.DEFAULT.permutations(), median(full) / 1e6);
  }

  /** The same points with only the prompt embedding, to time one set of 2×500×384 embeddings. */
  private static List<DriftPoint> strip(List<DriftPoint> ps) {
    return ps.stream().map(p -> new DriftPoint(p.timestampMillis(), p.prompt(), null, p.signals(), p.promptText())).toList();
  }

  private void daily() throws Exception {
    Map<String, Call> calls = new HashMap<>();
    long t0 = System.nanoTime();
    List<Explanation> explanations;
    try (AttentionEncoder encoder = Commands.encoder(dailyMaxTokens)) {
      explanations = DriftInputs.read(daily, encoder, true, System.err, calls);
    }
    System.out.printf(Locale.ROOT, "%n%s: embedded %d calls (first %d word pieces) in %.1f s; daily windows (min %d calls), reference %s%n",
        daily.getFileName(), explanations.size(), dailyMaxTokens, (System.nanoTime() - t0) / 1e9, window / 2, dailyReference);
    Map<String, String> topicsOfPrompt = new HashMap<>();
    for (Explanation e : explanations) {
      Object topics = calls.get(e.callId()).labels().get("topics");
      topicsOfPrompt.put(shorten(DriftPoint.of(e).promptText()), topics instanceof List<?> l && !l.isEmpty()
          ? l.stream().map(String::valueOf).collect(Collectors.joining("/")) : "none");
    }
    List<DriftReport> reports = new ArrayList<>();
    OfflineDrift drift = new OfflineDrift(new DriftDetector(DriftSettings.DEFAULT, List.of()),
        WindowSpec.byTime(86_400_000L, window / 2), ReferencePolicy.parse(dailyReference), window / 2, 3, reports::add);
    DriftCommand.feed(drift, explanations);
    System.out.printf(Locale.ROOT, "%-10s %-10s %6s %-7s %s%n", "day", "until", "calls", "drifted",
        "rising clusters (labelled topics of their central articles)");
    for (DriftReport r : reports) {
      String rising = r.changes().stream().filter(c -> c.change() > 0).map(c -> String.format(Locale.ROOT, "%+.2f %s",
          c.change(), c.prompts().stream().map(p -> topicsOfPrompt.getOrDefault(p, "?")).toList())).collect(Collectors.joining("; "));
      System.out.printf(Locale.ROOT, "%-10s %-10s %6d %-7s %s%n", r.windowStart().substring(0, 10), r.windowEnd().substring(0, 10),
          r.calls(), r.drifted() ? "YES" : "no", rising);
    }
    System.out.printf(Locale.ROOT, "%d daily windows, %d drifted%n", reports.size(), reports.stream().filter(DriftReport::drifted).count());
  }

  private static String majority(List<String> prompts, Map<String, String> domainOfPrompt) {
    Map<String, Integer> votes = new LinkedHashMap<>();
    for (String p : prompts) votes.merge(domainOfPrompt.getOrDefault(p, "?"), 1, Integer::sum);
    return votes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("?");
  }

  private static List<String> pair(List<String> domains, SplittableRandom random, List<String> avoid) {
    List<String> free = new ArrayList<>(domains);
    if (avoid != null) free.removeAll(avoid);
    String a = free.remove(random.nextInt(free.size()));
    String b = free.remove(random.nextInt(free.size()));
    return List.of(a, b);
  }

  private static List<DriftPoint> pool(Map<String, List<DriftPoint>> byDomain, List<String> mix) {
    List<DriftPoint> out = new ArrayList<>();
    for (String d : mix) out.addAll(byDomain.get(d));
    return out;
  }

  private static <T> void shuffle(List<T> list, SplittableRandom random) {
    for (int i = list.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      T t = list.get(i);
      list.set(i, list.get(j));
      list.set(j, t);
    }
  }

  private static double median(long[] ns) {
    long[] s = Arrays.copyOfRange(ns, 2, ns.length);
    Arrays.sort(s);
    return s[s.length / 2];
  }

  /** The excerpt form the report uses for prompts. */
  private static String shorten(String s) {
    return s.length() > 120 ? s.substring(0, 117) + "..." : s;
  }
}
