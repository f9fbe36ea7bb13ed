package dev.glassbox.cli;

import dev.glassbox.core.appmodel.ReviewOrder;
import dev.glassbox.core.appmodel.ReviewSimulation;
import dev.glassbox.core.call.Call;
import dev.glassbox.core.call.CallCodec;
import dev.glassbox.core.explanation.Explanation;
import dev.glassbox.core.explanation.ExplanationCodec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code glassbox eval --simulate-review}: reviewers simulated with a labelled file's labels. Prints, over several
 * seeds, the ECE on the file's other calls before and after a per-app calibration from {@code verdicts} random
 * verdicts, and how many verdicts each review order needs before the app's thresholded flags reach the target
 * precision on the calls not reviewed.
 */
final class ReviewSimulationReport {

  private ReviewSimulationReport() {}

  /** The file's checkable calls (those with a score and a label) as a simulation. */
  static ReviewSimulation of(List<EvalCommand.Scored> scored) {
    List<double[]> rows = new ArrayList<>();
    for (EvalCommand.Scored s : scored) {
      Object label = s.call().labels().get("hallucinated");
      if (s.e().hallucination().score() == null || !(label instanceof Boolean b)) continue;
      rows.add(new double[] {ReviewedExport.rawScore(s.e()), b ? 1 : 0});
    }
    double[] scores = rows.stream().mapToDouble(r -> r[0]).toArray();
    boolean[] y = new boolean[rows.size()];
    for (int i = 0; i < y.length; i++) y[i] = rows.get(i)[1] == 1;
    return new ReviewSimulation(scores, y);
  }

  static void report(String file, List<EvalCommand.Scored> scored, int verdicts, double precision, int seeds, int budget,
      PrintStream out) {
    ReviewSimulation sim = of(scored);
    int n = sim.size();
    out.printf(Locale.ROOT, "== Simulated review: %s, %d checkable labelled calls (base rate %.3f) ==%n", file, n, sim.baseRate());
    if (n < verdicts + 50) {
      out.printf(Locale.ROOT, "too few checkable labelled calls for %d verdicts and a held-out rest%n", verdicts);
      return;
    }
    double[] before = new double[seeds], after = new double[seeds];
    for (int s = 0; s < seeds; s++) {
      ReviewSimulation.CalibrationTrial t = sim.calibrationTrial(verdicts, s + 1);
      before[s] = t.eceBefore();
      after[s] = t.eceAfter();
    }
    out.printf(Locale.ROOT, "ECE on the other %d calls, %d seeds: global %.3f (max %.3f) -> app-calibrated from %d random "
        + "verdicts %.3f (max %.3f)%n", n - verdicts, seeds, mean(before), max(before), verdicts, mean(after), max(after));
    out.printf(Locale.ROOT, "verdicts until flags on the unreviewed calls reach precision %.2f (refit every %d, >= %d flags, "
        + "budget %d; median [min, max] over %d seeds):%n", precision, ReviewSimulation.STEP, ReviewSimulation.MIN_FLAGS,
        budget, seeds);
    for (ReviewOrder order : ReviewOrder.values()) {
      List<Integer> reached = new ArrayList<>();
      for (int s = 0; s < seeds; s++) reached.add(sim.verdictsToPrecision(order, precision, budget, s + 1));
      out.printf(Locale.ROOT, "  %-12s %s%n", order.id(), summary(reached, budget));
    }
  }

  /** Median [min, max] of the seeds that got there, with how many did not. */
  static String summary(List<Integer> reached, int budget) {
    int[] got = reached.stream().filter(r -> r != null).mapToInt(Integer::intValue).sorted().toArray();
    int missed = reached.size() - got.length;
    if (got.length == 0) return "not within " + budget + " verdicts (" + missed + " of " + reached.size() + " seeds)";
    String s = String.format(Locale.ROOT, "%d [%d, %d]", got[got.length / 2], got[0], got[got.length - 1]);
    return missed == 0 ? s : s + String.format(Locale.ROOT, "; %d of %d seeds not within %d", missed, reached.size(), budget);
  }

  /** A labelled file joined by call id with its explanations as {@code glassbox score} wrote them. */
  static List<EvalCommand.Scored> join(Path labelled, Path explanations) throws IOException {
    Map<String, Call> calls = new HashMap<>();
    CallCodec codec = new CallCodec();
    for (String line : Files.readAllLines(labelled, StandardCharsets.UTF_8)) {
      if (line.isBlank()) continue;
      CallCodec.Decoded d = codec.decode(line);
      if (d.isValid()) calls.put(d.call().id(), d.call());
    }
    List<EvalCommand.Scored> out = new ArrayList<>();
    for (String line : Files.readAllLines(explanations, StandardCharsets.UTF_8)) {
      if (line.isBlank()) continue;
      Explanation e = ExplanationCodec.decode(line.getBytes(StandardCharsets.UTF_8));
      Call c = calls.get(e.callId());
      if (c != null) out.add(new EvalCommand.Scored(c, e));
    }
    return out;
  }

  private static double mean(double[] a) {
    return Arrays.stream(a).average().orElse(Double.NaN);
  }

  private static double max(double[] a) {
    return Arrays.stream(a).max().orElse(Double.NaN);
  }
}
