package dev.glassbox.cli;

import dev.glassbox.core.attribution.AttributionMode;
import dev.glassbox.core.attribution.AttributionSettings;
import dev.glassbox.core.call.Call;
import dev.glassbox.core.call.CallCodec;
import dev.glassbox.core.encode.AttentionEncoder;
import dev.glassbox.core.eval.PromptingSets;
import dev.glassbox.core.eval.RankMetrics;
import dev.glassbox.core.explain.CallExplainer;
import dev.glassbox.core.explain.ExplainerSettings;
import dev.glassbox.core.explanation.Explanation;
import dev.glassbox.core.explanation.Explanation.DemonstrationView;
import dev.glassbox.core.signal.HallucinationModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code glassbox prompting-bench}: builds the constructed prompting dev sets from solved problems ({@link PromptingSets},
 * seeded) and prints the targets: the copied demonstration ranked first, answers copying nothing called copies,
 * an altered final answer or step found, and false alarms on intact chains.
 */
@Command(name = "prompting-bench", mixinStandardHelpOptions = true,
    description = "Measure demonstration copying and reasoning checks on constructed few-shot and altered-chain calls.")
public final class PromptingBenchCommand implements Callable<Integer> {

  @Option(names = "--in", defaultValue = "../shared/data/gsm8k-reference.dev.jsonl",
      description = "solved problems, call v1 JSONL with chain-of-thought responses (default: ${DEFAULT-VALUE})")
  Path in;

  @Option(names = "--n", defaultValue = "300", description = "items drawn per set (default: ${DEFAULT-VALUE})")
  int n;

  @Option(names = "--seed", defaultValue = "20", description = "seed of the draws (default: ${DEFAULT-VALUE})")
  long seed;

  @Mixin
  ModelOption model;

  @Override
  public Integer call() throws Exception {
    if (!Commands.readable("prompting-bench", in)) return 2;
    HallucinationModel m = model.loadOrExplain("prompting-bench");
    if (m == null) return 2;
    List<Call> items = read(in);
    try (AttentionEncoder encoder = Commands.encoder()) {
      CallExplainer explainer = new CallExplainer(encoder,
          new ExplainerSettings(0.5, false, AttributionSettings.DEFAULT.withMode(AttributionMode.OFF)), m);
      copying(PromptingSets.fewShot(items, n, seed), explainer);
      chains(PromptingSets.chains(items, n, seed + 1), explainer);
    }
    return 0;
  }

  private static List<Call> read(Path file) throws IOException {
    CallCodec codec = new CallCodec();
    List<Call> out = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      if (line.isBlank()) continue;
      CallCodec.Decoded d = codec.decode(line);
      if (d.call() != null) out.add(d.call());
    }
    return out;
  }

  private static void copying(List<PromptingSets.Planted> planted, CallExplainer explainer) {
    List<Explanation> es = explainer.explainAll(planted.stream().map(PromptingSets.Planted::call).toList());
    System.out.println("== Planted copying (few-shot prompts whose demonstrations are other items) ==");
    System.out.println("  response copies          calls   copied demo ranked first   by influence   called a copy");
    for (PromptingSets.Copy kind : PromptingSets.Copy.values()) {
      int calls = 0, first = 0, byInfluence = 0, called = 0;
      for (int i = 0; i < planted.size(); i++) {
        PromptingSets.Planted p = planted.get(i);
        if (p.copy() != kind || es.get(i).prompting() == null) continue;
        List<DemonstrationView> demos = es.get(i).prompting().demonstrations();
        calls++;
        if (demos.stream().anyMatch(DemonstrationView::copied)) called++;
        if (p.copied() < 0) continue;
        if (top(demos, true) == p.copied() && demos.get(p.copied()).copy() > 0) first++;
        if (top(demos, false) == p.copied()) byInfluence++;
      }
      System.out.printf(Locale.ROOT, "  %-22s %7d   %24s   %12s   %13.3f%n", kind.name().toLowerCase(Locale.ROOT), calls,
          kind == PromptingSets.Copy.NONE ? "-" : String.format(Locale.ROOT, "%.3f", (double) first / calls),
          kind == PromptingSets.Copy.NONE ? "-" : String.format(Locale.ROOT, "%.3f", (double) byInfluence / calls),
          (double) called / calls);
    }
  }

  /** The demonstration with the largest copy score (or influence). */
  private static int top(List<DemonstrationView> demos, boolean byCopy) {
    int best = 0;
    for (int k = 1; k < demos.size(); k++) {
      double a = byCopy ? demos.get(k).copy() : demos.get(k).influence();
      double b = byCopy ? demos.get(best).copy() : demos.get(best).influence();
      if (a > b) best = k;
    }
    return best;
  }

  private static void chains(List<PromptingSets.Altered> altered, CallExplainer explainer) {
    List<Explanation> es = explainer.explainAll(altered.stream().map(PromptingSets.Altered::call).toList());
    System.out.println("== Altered chains (reference solutions with the final answer or one step's result changed) ==");
    System.out.println("  chain        calls   answer not from the last step   a step miscalculated");
    List<Double> scores = new ArrayList<>();
    List<Boolean> positive = new ArrayList<>();
    for (PromptingSets.Alteration kind : PromptingSets.Alteration.values()) {
      int calls = 0, unsupported = 0, miscalculated = 0;
      for (int i = 0; i < altered.size(); i++) {
        if (altered.get(i).alteration() != kind) continue;
        Explanation e = es.get(i);
        Explanation.Reasoning r = e.prompting() == null ? null : e.prompting().reasoning();
        calls++;
        if (r == null) continue;
        if (Boolean.FALSE.equals(r.answerFollows())) unsupported++;
        if (r.steps().stream().anyMatch(s -> "miscalculated".equals(s.verdict()))) miscalculated++;
        if (kind != PromptingSets.Alteration.STEP && e.hallucination().score() != null) {
          scores.add(e.hallucination().score());
          positive.add(kind == PromptingSets.Alteration.ANSWER);
        }
      }
      System.out.printf(Locale.ROOT, "  %-10s %7d   %29.3f   %20.3f%n", kind.name().toLowerCase(Locale.ROOT), calls,
          (double) unsupported / calls, (double) miscalculated / calls);
    }
    double[] s = scores.stream().mapToDouble(Double::doubleValue).toArray();
    boolean[] y = new boolean[positive.size()];
    for (int i = 0; i < y.length; i++) y[i] = positive.get(i);
    System.out.printf(Locale.ROOT, "  hallucination.score AUROC, altered answer vs intact: %.3f (%d calls)%n",
        RankMetrics.auroc(s, y), s.length);
  }
}
