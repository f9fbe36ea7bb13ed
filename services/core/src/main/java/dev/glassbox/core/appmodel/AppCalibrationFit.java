package dev.glassbox.core.appmodel;

import dev.glassbox.core.eval.RankMetrics;
import dev.glassbox.core.eval.Reliability;
import dev.glassbox.core.eval.Wilson;
import dev.glassbox.core.signal.Calibration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Learns an app's calibration from its reviewers' verdicts: Platt scaling of the explainer's call score, with
 * k-fold cross-validated figures, and the flag threshold for a target precision or recall chosen on the held-out
 * calibrated scores (so the threshold is not judged on the calls that placed it).
 */
public final class AppCalibrationFit {

  /** The calibration fitted on all verdicts, its held-out figures, the threshold (null: none reaches the target). */
  public record Result(Calibration calibration, CvFigures cv, Double threshold, double[] heldOut) {}

  private AppCalibrationFit() {}

  /**
   * @param target the metric and value the threshold is chosen for; null keeps {@code defaultThreshold}
   * @param defaultThreshold the threshold the flag figures are taken at when no target is set
   */
  public static Result fit(List<ReviewedCall> calls, int folds, long seed, Target target, double defaultThreshold) {
    int n = calls.size();
    double[] raw = new double[n];
    boolean[] y = new boolean[n];
    for (int i = 0; i < n; i++) {
      raw[i] = calls.get(i).score();
      y[i] = calls.get(i).hallucinated();
    }
    double[] heldOut = crossFitted(raw, y, folds, seed);
    Double threshold = target == null ? Double.valueOf(defaultThreshold)
        : Thresholds.choose(heldOut, y, target.metric(), target.value());
    CvFigures cv = figures(folds, raw, heldOut, y, threshold == null ? Double.POSITIVE_INFINITY : threshold);
    return new Result(Calibration.fit(raw, y, null), cv, threshold, heldOut);
  }

  /** Each call's calibrated score from a calibration fitted on the folds it is not in (folds by a seeded shuffle). */
  public static double[] crossFitted(double[] raw, boolean[] y, int folds, long seed) {
    int n = raw.length;
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) order.add(i);
    Collections.shuffle(order, new Random(seed));
    int[] fold = new int[n];
    for (int k = 0; k < n; k++) fold[order.get(k)] = k % folds;
    double[] out = new double[n];
    for (int f = 0; f < folds; f++) {
      List<Integer> train = new ArrayList<>();
      for (int i = 0; i < n; i++) if (fold[i] != f) train.add(i);
      Calibration c = Calibration.fit(pick(raw, train), pick(y, train), null);
      for (int i = 0; i < n; i++) if (fold[i] == f) out[i] = c.apply(raw[i]);
    }
    return out;
  }

  static CvFigures figures(int folds, double[] raw, double[] calibrated, boolean[] y, double threshold) {
    long tp = 0, flagged = 0, positives = 0;
    for (int i = 0; i < y.length; i++) {
      boolean flag = calibrated[i] >= threshold;
      if (flag) flagged++;
      if (y[i]) positives++;
      if (flag && y[i]) tp++;
    }
    return new CvFigures(folds, y.length, RankMetrics.auroc(raw, y), Reliability.of(raw, y, 0.5).ece(),
        Reliability.of(calibrated, y, 0.5).ece(), brier(raw, y), brier(calibrated, y), Wilson.of(tp, flagged),
        Wilson.of(tp, positives));
  }

  static double brier(double[] p, boolean[] y) {
    double s = 0;
    for (int i = 0; i < p.length; i++) s += Math.pow(p[i] - (y[i] ? 1 : 0), 2);
    return p.length == 0 ? Double.NaN : s / p.length;
  }

  static double[] pick(double[] a, List<Integer> idx) {
    return idx.stream().mapToDouble(i -> a[i]).toArray();
  }

  static boolean[] pick(boolean[] a, List<Integer> idx) {
    boolean[] out = new boolean[idx.size()];
    for (int k = 0; k < out.length; k++) out[k] = a[idx.get(k)];
    return out;
  }
}
