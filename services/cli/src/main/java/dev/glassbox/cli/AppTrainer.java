package dev.glassbox.cli;

import dev.glassbox.core.appmodel.AppCalibrationFit;
import dev.glassbox.core.appmodel.AppModel;
import dev.glassbox.core.appmodel.CvFigures;
import dev.glassbox.core.appmodel.Minimums;
import dev.glassbox.core.appmodel.ReviewedCall;
import dev.glassbox.core.appmodel.Target;
import dev.glassbox.core.appmodel.VerdictSet;
import dev.glassbox.core.eval.Wilson;
import dev.glassbox.core.explanation.Explanation;
import dev.glassbox.core.explanation.Provenance;
import dev.glassbox.core.signal.HallucinationCombiner;
import dev.glassbox.core.signal.HallucinationModel;
import dev.glassbox.core.signal.LogisticModel;
import dev.glassbox.core.signal.SentenceFeatures;
import dev.glassbox.core.text.Span;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code glassbox train --app}: one app's own model from its reviewers' verdicts. Always a Platt calibration of the
 * call score (cross-validated, refused below {@link Minimums}); with enough verdicts also the whole hallucination
 * model, re-learned on the app's stored explanations with in-file cross-validation, the calibration then fitted on
 * that model's scores; optionally a flag threshold for a target precision or recall.
 */
final class AppTrainer {

  /** Exit status when the verdicts are too few: nothing is written. */
  static final int REFUSED = 3;

  private final String app;
  private final HallucinationModel global;
  private final int folds;
  private final long seed;
  private final Target target;
  private final List<Double> l2s;
  private final PrintStream out;

  AppTrainer(String app, HallucinationModel global, int folds, long seed, Target target, List<Double> l2s,
      PrintStream out) {
    this.app = app;
    this.global = global;
    this.folds = folds;
    this.seed = seed;
    this.target = target;
    this.l2s = l2s;
    this.out = out;
  }

  /** Learns from the export's verdicts and writes the model file; {@link #REFUSED} (saying why) when too few. */
  int train(ReviewedExport export, double explainerThreshold, Path file) throws IOException {
    VerdictSet verdicts = VerdictSet.of(export.reviewed(), export.unsure());
    out.printf(Locale.ROOT, "app %s: %d usable verdicts (%d hallucinated, %d correct); ignored: %d unsure, %d without a "
        + "checkable score, %d unreviewed, %d of other apps%n", app, verdicts.count(), verdicts.hallucinated(),
        verdicts.correct(), export.unsure(), export.unchecked(), export.unreviewed(), export.otherApps());
    String refusal = Minimums.DEFAULT.refusal(verdicts);
    if (refusal != null) {
      out.println("train: refused, nothing written: " + refusal);
      return REFUSED;
    }
    HallucinationModel model = Minimums.DEFAULT.wholeModel(verdicts) ? relearn(export) : null;
    List<ReviewedCall> calls = model == null ? export.reviewed() : rescored(export, model);
    AppCalibrationFit.Result fit = AppCalibrationFit.fit(calls, folds, seed, target, explainerThreshold);
    print(fit.cv(), fit, explainerThreshold);
    if (target != null && fit.threshold() == null) {
      out.printf(Locale.ROOT, "train: no threshold reaches %s %.2f on these verdicts; the explainer's threshold stays%n",
          target.metric().id(), target.value());
    }
    Map<String, Object> base = new LinkedHashMap<>();
    HallucinationModel scoring = model == null ? global : model;
    base.put("hallucination_model_version", scoring.version());
    base.put("hallucination_model_sha256", Provenance.sha256(scoring.toJson()));
    base.put("relearned", model != null);
    AppModel written = new AppModel(AppModel.FORMAT, app, base, model, fit.calibration(),
        target == null ? null : fit.threshold(), fit.threshold() == null ? null : target, verdicts, fit.cv(),
        Instant.now().toString());
    Files.write(file, written.toJson());
    out.println("wrote " + file + " (sha256 " + written.sha256() + ")");
    return 0;
  }

  /** The global model with each checkable group re-learned on the app's calls (held-out figures printed). */
  private HallucinationModel relearn(ReviewedExport export) {
    out.println("whole model: " + export.reviewed().size() + " verdicts reach the minimum; re-learning each kind of evidence");
    Map<String, LogisticModel> groups = new LinkedHashMap<>(global.groups());
    Map<String, dev.glassbox.core.signal.Calibration> calibration = new LinkedHashMap<>(global.calibration());
    Map<String, String> trainedOn = new LinkedHashMap<>();
    for (String group : List.of(SentenceFeatures.CONTEXT, SentenceFeatures.SAMPLES)) {
      List<String> features = global.groups().get(group).features();
      List<TrainCommand.Row> rows = TrainCommand.rows(group, features.size(), app, export.calls());
      long positives = rows.stream().filter(TrainCommand.Row::y).count();
      if (Math.min(positives, rows.size() - positives) < Minimums.DEFAULT.modelPerClass()) {
        out.printf(Locale.ROOT, "  %s: %d sentences (%d hallucinated): too few, the global weights stay%n", group,
            rows.size(), positives);
        continue;
      }
      GroupSelection.Fit fit = new GroupSelection(group, features, Map.of(app, rows), folds, out).select(l2s);
      groups.put(group, fit.model());
      calibration.put(group, fit.calibration());
      trainedOn.put(group, "app " + app + ": " + fit.summary());
    }
    return new HallucinationModel(global.version(), trainedOn, groups, calibration);
  }

  /** The reviewed calls scored again by the re-learned model from their stored signals (no encoder needed). */
  private List<ReviewedCall> rescored(ReviewedExport export, HallucinationModel model) {
    List<ReviewedCall> out = new ArrayList<>();
    for (int i = 0; i < export.calls().size(); i++) {
      Explanation e = export.calls().get(i).e();
      List<Span> spans = e.hallucination().sentences().stream().map(r -> new Span(r.start(), r.end())).toList();
      Explanation.Hallucination h = HallucinationCombiner.combine(e.call().response(), spans, e.grounding(),
          e.consistency(), e.uncertainty(), 0.5, model);
      ReviewedCall r = export.reviewed().get(i);
      out.add(new ReviewedCall(r.key(), r.reviewedAt(), h.score() == null ? r.score() : h.score(), r.hallucinated()));
    }
    return out;
  }

  private void print(CvFigures cv, AppCalibrationFit.Result fit, double explainerThreshold) {
    out.printf(Locale.ROOT, "calibration %d-fold cross-validated on %d calls: AUROC %.3f; ECE %.3f -> %.3f; Brier %.3f -> %.3f%n",
        cv.folds(), cv.n(), cv.auroc(), cv.eceBefore(), cv.eceAfter(), cv.brierBefore(), cv.brierAfter());
    out.printf(Locale.ROOT, "  calibration slope %.3f, intercept %.3f%n", fit.calibration().slope(), fit.calibration().intercept());
    double t = fit.threshold() == null ? explainerThreshold : fit.threshold();
    out.printf(Locale.ROOT, "  at threshold %.3f (held out): precision %s, recall %s%n", t, interval(cv.precision()),
        interval(cv.recall()));
  }

  static String interval(Wilson w) {
    return w.n() == 0 ? "n/a (0 calls)" : String.format(Locale.ROOT, "%.3f [%.3f, %.3f] (%d of %d)", w.estimate(), w.low(),
        w.high(), w.successes(), w.n());
  }
}
