package dev.glassbox.core.appmodel;

import java.util.Locale;

/**
 * How many verdicts a per-app fit needs. Calibration learns two numbers, so 50 verdicts with 10 of each label give it
 * a usable slope; re-learning the whole hallucination model fits a dozen weights per kind of evidence and is only
 * worth it from 300 verdicts with 50 of each label.
 */
public record Minimums(int calibration, int calibrationPerClass, int model, int modelPerClass) {

  public static final Minimums DEFAULT = new Minimums(50, 10, 300, 50);

  /** Why these verdicts cannot calibrate an app, or null when they can. */
  public String refusal(VerdictSet v) {
    if (v.count() < calibration) {
      return String.format(Locale.ROOT, "%d usable verdicts (%d unsure ignored); calibration needs at least %d",
          v.count(), v.unsureIgnored(), calibration);
    }
    if (Math.min(v.hallucinated(), v.correct()) < calibrationPerClass) {
      return String.format(Locale.ROOT, "%d hallucinated and %d correct verdicts; calibration needs at least %d of each",
          v.hallucinated(), v.correct(), calibrationPerClass);
    }
    return null;
  }

  /** Whether there are enough verdicts to re-learn the whole model, not only its calibration. */
  public boolean wholeModel(VerdictSet v) {
    return v.count() >= model && Math.min(v.hallucinated(), v.correct()) >= modelPerClass;
  }
}
