package dev.glassbox.core.appmodel;

import dev.glassbox.core.eval.Reliability;
import dev.glassbox.core.signal.Calibration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Reviewers simulated with a labelled file's labels: how well a per-app calibration learned from a few verdicts fits
 * the app's other calls, and how many verdicts each review order needs before the app's thresholded flags reach a
 * target precision on the calls nobody reviewed. The fit is exactly {@code glassbox train --app}'s
 * ({@link AppCalibrationFit}); only the verdicts are simulated.
 */
public final class ReviewSimulation {

  /** Verdicts added between refits, as a review team would retrain after a batch. */
  public static final int STEP = 10;
  /** Fewest flags on the unreviewed calls for their precision to count as reached. */
  public static final int MIN_FLAGS = 10;
  /** Fewest verdicts of each label before a calibration is fitted at all. */
  static final int MIN_PER_CLASS = 5;
  static final int FOLDS = 5;

  private final double[] scores;
  private final boolean[] y;

  /** @param scores the explainer's call scores of the checkable calls; {@code y} their labels */
  public ReviewSimulation(double[] scores, boolean[] y) {
    if (scores.length != y.length) throw new IllegalArgumentException("one label per score");
    this.scores = scores.clone();
    this.y = y.clone();
  }

  public int size() {
    return scores.length;
  }

  /** The share of hallucinated calls. */
  public double baseRate() {
    int k = 0;
    for (boolean b : y) if (b) k++;
    return scores.length == 0 ? Double.NaN : (double) k / scores.length;
  }

  /** ECE on the other calls before and after calibrating on {@code verdicts} random calls (seeded). */
  public record CalibrationTrial(long seed, double eceBefore, double eceAfter) {}

  public CalibrationTrial calibrationTrial(int verdicts, long seed) {
    List<Integer> order = shuffled(seed);
    List<Integer> reviewed = order.subList(0, Math.min(verdicts, order.size()));
    List<Integer> rest = order.subList(reviewed.size(), order.size());
    Calibration c = Calibration.fit(AppCalibrationFit.pick(scores, reviewed), AppCalibrationFit.pick(y, reviewed), null);
    double[] before = AppCalibrationFit.pick(scores, rest), after = Arrays.stream(before).map(c::apply).toArray();
    boolean[] labels = AppCalibrationFit.pick(y, rest);
    return new CalibrationTrial(seed, Reliability.of(before, labels, 0.5).ece(), Reliability.of(after, labels, 0.5).ece());
  }

  /**
   * How many verdicts, taken in {@code order} and refitted every {@link #STEP}, until the app's threshold for
   * {@code precision} flags at least {@link #MIN_FLAGS} unreviewed calls with at least that true precision; null when
   * {@code budget} verdicts do not get there.
   */
  public Integer verdictsToPrecision(ReviewOrder order, double precision, int budget, long seed) {
    int n = scores.length;
    boolean[] done = new boolean[n];
    List<Integer> reviewed = new ArrayList<>();
    List<Integer> queue = order == ReviewOrder.RANDOM ? shuffled(seed) : order == ReviewOrder.RISKIEST ? riskiest() : null;
    Calibration calibration = Calibration.IDENTITY;
    double threshold = 0.5;
    while (reviewed.size() < Math.min(budget, n)) {
      for (int k = 0; k < STEP && reviewed.size() < n; k++) {
        int next = queue != null ? queue.get(reviewed.size()) : closest(done, calibration, threshold);
        done[next] = true;
        reviewed.add(next);
      }
      AppCalibrationFit.Result fit = fit(reviewed, precision, seed);
      if (fit == null || fit.threshold() == null) continue;
      calibration = fit.calibration();
      threshold = fit.threshold();
      if (reached(done, calibration, threshold, precision)) return reviewed.size();
    }
    return null;
  }

  /** The train command's fit on the verdicts so far, or null while a label has too few verdicts. */
  private AppCalibrationFit.Result fit(List<Integer> reviewed, double precision, long seed) {
    int positives = 0;
    for (int i : reviewed) if (y[i]) positives++;
    if (Math.min(positives, reviewed.size() - positives) < MIN_PER_CLASS) return null;
    List<ReviewedCall> calls = new ArrayList<>();
    for (int i : reviewed) calls.add(new ReviewedCall(Integer.toString(i), null, scores[i], y[i]));
    return AppCalibrationFit.fit(calls, FOLDS, seed, new Target(Thresholds.Metric.PRECISION, precision), 0.5);
  }

  /** Whether the unreviewed calls flagged at the threshold are enough and precise enough. */
  private boolean reached(boolean[] done, Calibration c, double threshold, double precision) {
    int flagged = 0, tp = 0;
    for (int i = 0; i < scores.length; i++) {
      if (done[i] || c.apply(scores[i]) < threshold) continue;
      flagged++;
      if (y[i]) tp++;
    }
    return flagged >= MIN_FLAGS && tp >= precision * flagged;
  }

  /** The unreviewed call whose calibrated score is closest to the threshold. */
  private int closest(boolean[] done, Calibration c, double threshold) {
    int best = -1;
    double gap = Double.POSITIVE_INFINITY;
    for (int i = 0; i < scores.length; i++) {
      if (done[i]) continue;
      double d = Math.abs(c.apply(scores[i]) - threshold);
      if (d < gap) {
        gap = d;
        best = i;
      }
    }
    return best;
  }

  private List<Integer> riskiest() {
    List<Integer> order = indices();
    order.sort((a, b) -> Double.compare(scores[b], scores[a]));
    return order;
  }

  private List<Integer> shuffled(long seed) {
    List<Integer> order = indices();
    Collections.shuffle(order, new Random(seed));
    return order;
  }

  private List<Integer> indices() {
    List<Integer> order = new ArrayList<>(scores.length);
    for (int i = 0; i < scores.length; i++) order.add(i);
    return order;
  }
}
