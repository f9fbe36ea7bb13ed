package dev.glassbox.cli;

import dev.glassbox.core.eval.RankMetrics;
import dev.glassbox.core.eval.Reliability;
import dev.glassbox.core.explanation.Explanation.Hallucination;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The verdict figures {@code glassbox eval} prints: the share of calls per kind of evidence with what is flagged
 * among them, the calibration of the score per kind (ECE over 10 bins, mean score and flag rate beside the true
 * rate), and, for a constructed variant, how far its verdicts moved from the original's.
 */
final class VerdictReport {

  private VerdictReport() {}

  /** Per kind of evidence: calls, share, flagged, and for the scored ones AUROC and calibration. */
  static void evidence(List<EvalCommand.Scored> scored, PrintStream out) {
    Map<String, List<EvalCommand.Scored>> byKind = new LinkedHashMap<>();
    for (EvalCommand.Scored s : scored) {
      byKind.computeIfAbsent(Objects.requireNonNullElse(s.e().hallucination().evidence(), "?"), k -> new ArrayList<>()).add(s);
    }
    out.println("Evidence (calibration: ECE over " + Reliability.BINS + " bins; flag at the explainer's threshold)");
    out.printf(Locale.ROOT, "  %-22s %6s %7s %8s %7s %7s %7s %7s %7s%n", "evidence", "calls", "share", "flagged",
        "AUROC", "ECE", "mean", "flag %", "true %");
    for (var e : byKind.entrySet()) {
      List<EvalCommand.Scored> calls = e.getValue();
      long flagged = calls.stream().filter(s -> s.e().hallucination().flagged()).count();
      List<EvalCommand.Scored> labelled = calls.stream().filter(s -> s.e().hallucination().checkable())
          .filter(s -> s.call().labels().get("hallucinated") instanceof Boolean).toList();
      String figures = "";
      if (!labelled.isEmpty()) {
        double[] p = labelled.stream().mapToDouble(s -> s.e().hallucination().score()).toArray();
        boolean[] y = new boolean[p.length];
        for (int i = 0; i < y.length; i++) y[i] = (Boolean) labelled.get(i).call().labels().get("hallucinated");
        Reliability r = Reliability.of(p, y, labelled.get(0).e().hallucination().threshold());
        figures = String.format(Locale.ROOT, " %7.3f %7.3f %7.3f %7.3f %7.3f", RankMetrics.auroc(p, y), r.ece(),
            r.meanScore(), r.flagRate(), r.trueRate());
      }
      out.printf(Locale.ROOT, "  %-22s %6d %6.1f%% %8d%s%n", e.getKey(), calls.size(), 100.0 * calls.size() / scored.size(),
          flagged, figures);
    }
  }

  /** How the variant's verdicts differ from the original's, call by call (matched by id). */
  static void compare(List<EvalCommand.Scored> original, List<EvalCommand.Scored> variant, PrintStream out) {
    Map<String, Hallucination> byId = new LinkedHashMap<>();
    for (EvalCommand.Scored s : original) byId.put(s.call().id(), s.e().hallucination());
    int n = 0, sameFlag = 0, sameVerdicts = 0, sentences = 0;
    double sumDelta = 0, maxDelta = 0;
    for (EvalCommand.Scored s : variant) {
      Hallucination a = byId.get(s.call().id()), b = s.e().hallucination();
      if (a == null || a.score() == null || b.score() == null) continue;
      n++;
      double d = Math.abs(a.score() - b.score());
      sumDelta += d;
      maxDelta = Math.max(maxDelta, d);
      if (a.flagged() == b.flagged()) sameFlag++;
      for (int i = 0; i < Math.min(a.sentences().size(), b.sentences().size()); i++) {
        sentences++;
        if (Objects.equals(a.sentences().get(i).verdict(), b.sentences().get(i).verdict())) sameVerdicts++;
      }
    }
    out.printf(Locale.ROOT, "Variant against original (%d calls scored in both): mean |score change| %.3f, max %.3f; "
        + "same flag %.1f%%; same sentence verdict %.1f%% of %d%n", n, n == 0 ? 0 : sumDelta / n, maxDelta,
        n == 0 ? 0 : 100.0 * sameFlag / n, sentences == 0 ? 0 : 100.0 * sameVerdicts / sentences, sentences);
  }
}
