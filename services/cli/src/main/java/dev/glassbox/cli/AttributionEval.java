package dev.glassbox.cli;

import dev.glassbox.core.attribution.AttributionMethod;
import dev.glassbox.core.attribution.AttributionMode;
import dev.glassbox.core.attribution.AttributionTarget;
import dev.glassbox.core.verify.Verifier;
import dev.glassbox.core.signal.HallucinationModel;
import dev.glassbox.core.call.Call;
import dev.glassbox.core.call.Passage;
import dev.glassbox.core.encode.Encoder;
import dev.glassbox.core.attribution.AttributionSettings;
import dev.glassbox.core.explain.CallExplainer;
import dev.glassbox.core.explain.ExplainerSettings;
import dev.glassbox.core.explanation.Explanation;
import dev.glassbox.core.explanation.SourceRef;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The attribution part of {@code glassbox eval}: on the calls labelled right that have exactly one
 * context passage, the true passage is hidden among {@code distractors} passages taken from other
 * calls (drawn with a fixed seed, positions shuffled); each method must put the true passage on top.
 * Also prints each method's ERASER faithfulness next to random scores, its cost and its speed.
 */
final class AttributionEval {

  static final List<AttributionMethod> METHODS = List.of(AttributionMethod.values());

  private AttributionEval() {}

  /** The distractor version of the right-answer calls with one passage each; the true passage keeps its id. */
  static List<Call> withDistractors(List<Call> calls, int distractors, long seed) {
    List<Call> right = calls.stream().filter(c -> Boolean.FALSE.equals(c.labels().get("hallucinated")))
        .filter(c -> c.context().size() == 1).toList();
    List<Passage> pool = calls.stream().flatMap(c -> c.context().stream()).toList();
    Random rnd = new Random(seed);
    List<Call> out = new ArrayList<>();
    for (Call c : right) {
      Passage truth = c.context().get(0);
      List<Passage> ctx = new ArrayList<>();
      ctx.add(truth);
      while (ctx.size() < distractors + 1) {
        Passage p = pool.get(rnd.nextInt(pool.size()));
        if (p.text().equals(truth.text()) || ctx.stream().anyMatch(q -> q.text().equals(p.text()))) continue;
        ctx.add(new Passage("distractor-" + ctx.size(), p.text()));
      }
      Collections.shuffle(ctx, rnd);
      out.add(new Call(c.id(), c.timestamp(), c.app(), c.model(), c.tenant(), c.prompt(), c.response(), ctx,
          c.logprobs(), c.samples(), c.attributes(), c.labels()));
    }
    return out;
  }

  /**
   * @param verifier when not null, each method is also run on the verifier's entailment as its target (rows
   *     {@code <method>/verifier}); the surrogate's rows are {@code <method>}
   */
  static void report(List<Call> calls, Encoder encoder, Verifier verifier, int distractors, int batch, PrintStream out) {
    List<Call> cases = withDistractors(calls, distractors, 20261129L);
    if (cases.isEmpty()) return;
    out.printf(Locale.ROOT, "Attribution (%d right answers, true passage among %d; top 20%% of segments for comp./suff.)%n",
        cases.size(), distractors + 1);
    out.printf(Locale.ROOT, "  %-22s %8s %8s %8s %8s %8s %8s %8s %7s %8s%n", "method", "top-1", "comp", "rnd comp",
        "suff", "rnd suff", "AOPC", "rnd AOPC", "evals", "calls/s");
    List<AttributionTarget> targets = verifier == null ? List.of(AttributionTarget.SURROGATE)
        : List.of(AttributionTarget.SURROGATE, AttributionTarget.VERIFIER);
    for (AttributionTarget target : targets) {
      for (AttributionMethod method : METHODS) {
        AttributionSettings settings = AttributionSettings.DEFAULT.withMode(AttributionMode.ALL).withMethod(method)
            .withTarget(target);
        String row = target == AttributionTarget.SURROGATE ? method.id() : method.id() + "/" + target.id();
        printRow(row, new CallExplainer(encoder, new ExplainerSettings(0.5, false, settings), HallucinationModel.bundled(),
            target == AttributionTarget.VERIFIER ? verifier : null), cases, batch, out);
      }
    }
  }

  /** One method's row: top-1 of the true passage, faithfulness beside random scores, cost and speed. */
  private static void printRow(String row, CallExplainer explainer, List<Call> cases, int batch, PrintStream out) {
    long start = System.nanoTime();
    int hits = 0;
    double comp = 0, rcomp = 0, suff = 0, rsuff = 0, aopc = 0, raopc = 0, evals = 0;
    for (int i = 0; i < cases.size(); i += batch) {
      List<Call> chunk = cases.subList(i, Math.min(cases.size(), i + batch));
      List<Explanation> es = explainer.explainAll(chunk);
      for (int k = 0; k < es.size(); k++) {
        Explanation.Attribution a = es.get(k).attribution();
        String truth = SourceRef.context(chunk.get(k).context().stream()
            .filter(p -> !p.id().startsWith("distractor-")).findFirst().orElseThrow().id()).format();
        if (!a.segments().isEmpty() && a.segments().get(0).source().equals(truth)) hits++;
        comp += a.faithfulness().comprehensiveness();
        rcomp += a.faithfulness().randomComprehensiveness();
        suff += a.faithfulness().sufficiency();
        rsuff += a.faithfulness().randomSufficiency();
        aopc += a.faithfulness().aopc();
        raopc += a.faithfulness().randomAopc();
        evals += a.evaluations();
      }
    }
    double secs = (System.nanoTime() - start) / 1e9;
    int n = cases.size();
    out.printf(Locale.ROOT, "  %-22s %8.3f %8.3f %8.3f %8.3f %8.3f %8.3f %8.3f %7.0f %8.1f%n", row,
        (double) hits / n, comp / n, rcomp / n, suff / n, rsuff / n, aopc / n, raopc / n, evals / n, n / secs);
  }
}
