package dev.glassbox.core.appmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.core.explanation.Explanation.Hallucination;
import dev.glassbox.core.signal.Calibration;
import dev.glassbox.core.signal.HallucinationModel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AppModelTest {

  /** Calls whose true hallucination rate is {@code trueP(score)}: a score that is systematically too low. */
  static List<ReviewedCall> reviewed(int n, long seed) {
    Random r = new Random(seed);
    List<ReviewedCall> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double score = r.nextDouble();
      double trueP = 1 / (1 + Math.exp(-(3 * Calibration.logit(score) + 1)));
      out.add(new ReviewedCall("t\u001fc-" + i, Instant.parse("2026-11-01T00:00:00Z").plusSeconds(i), score,
          r.nextDouble() < trueP));
    }
    return out;
  }

  @Test
  void calibrationFromVerdictsLowersTheHeldOutCalibrationError() {
    AppCalibrationFit.Result fit = AppCalibrationFit.fit(reviewed(2000, 1), 5, 7, null, 0.5);
    assertEquals(3, fit.calibration().slope(), 0.4);
    assertEquals(1, fit.calibration().intercept(), 0.3);
    assertTrue(fit.cv().eceAfter() < 0.04, "after " + fit.cv().eceAfter());
    assertTrue(fit.cv().eceBefore() > 0.08, "before " + fit.cv().eceBefore());
    assertEquals(2000, fit.cv().n());
  }

  @Test
  void aTargetPrecisionGivesAThresholdWhoseHeldOutFlagsReachIt() {
    AppCalibrationFit.Result fit = AppCalibrationFit.fit(reviewed(2000, 2), 5, 7,
        new Target(Thresholds.Metric.PRECISION, 0.9), 0.5);
    assertNotNull(fit.threshold());
    assertTrue(fit.cv().precision().estimate() >= 0.9, "precision " + fit.cv().precision());
    assertTrue(fit.cv().precision().n() > 100, "flags " + fit.cv().precision().n());
  }

  @Test
  void thresholdsForPrecisionFlagAsManyAsPossibleAndForRecallAsFewAsPossible() {
    double[] s = {0.9, 0.8, 0.7, 0.6, 0.5, 0.4};
    boolean[] y = {true, true, false, true, false, false};
    assertEquals(0.8, Thresholds.choose(s, y, Thresholds.Metric.PRECISION, 1.0));
    assertEquals(0.6, Thresholds.choose(s, y, Thresholds.Metric.PRECISION, 0.75));
    assertEquals(0.8, Thresholds.choose(s, y, Thresholds.Metric.RECALL, 0.6));
    assertNull(Thresholds.choose(s, new boolean[6], Thresholds.Metric.PRECISION, 0.5));
  }

  @Test
  void tooFewVerdictsOrOneLabelMissingIsRefusedWithTheReason() {
    VerdictSet few = VerdictSet.of(reviewed(30, 3), 4);
    assertTrue(Minimums.DEFAULT.refusal(few).contains("30 usable verdicts (4 unsure ignored)"), Minimums.DEFAULT.refusal(few));
    List<ReviewedCall> allCorrect = reviewed(80, 3).stream()
        .map(c -> new ReviewedCall(c.key(), c.reviewedAt(), c.score(), false)).toList();
    assertTrue(Minimums.DEFAULT.refusal(VerdictSet.of(allCorrect, 0)).contains("0 hallucinated"));
    VerdictSet enough = VerdictSet.of(reviewed(120, 3), 0);
    assertNull(Minimums.DEFAULT.refusal(enough));
    assertFalse(Minimums.DEFAULT.wholeModel(enough));
    assertTrue(Minimums.DEFAULT.wholeModel(VerdictSet.of(reviewed(400, 3), 0)));
  }

  @Test
  void theVerdictSetNamesItsRangeAndHashesTheSameVerdictsTheSameInAnyOrder() {
    List<ReviewedCall> calls = reviewed(10, 4);
    VerdictSet v = VerdictSet.of(calls, 2);
    assertEquals("2026-11-01T00:00:00Z", v.from());
    assertEquals("2026-11-01T00:00:09Z", v.to());
    List<ReviewedCall> reversed = new ArrayList<>(calls);
    java.util.Collections.reverse(reversed);
    assertEquals(v.idsSha256(), VerdictSet.of(reversed, 2).idsSha256());
    assertFalse(v.idsSha256().equals(VerdictSet.of(calls.subList(1, 10), 2).idsSha256()));
  }

  @Test
  void aModelFileRoundTripsAndItsRawThresholdFlagsTheSameCallsAsTheCalibratedOne() throws Exception {
    AppModel m = model("support-bot", new Calibration(2, -1), 0.7);
    AppModel back = AppModel.read(m.toJson());
    assertEquals(m, back);
    assertEquals(m.sha256(), back.sha256());
    double raw = m.rawThreshold(0.7);
    assertEquals(0.7, m.calibrated(raw), 1e-9);
    assertTrue(m.calibrated(raw + 1e-3) > 0.7 && m.calibrated(raw - 1e-3) < 0.7);
    assertTrue(new String(m.toJson(), StandardCharsets.UTF_8).contains("\"app\":\"support-bot\""));
  }

  @Test
  void aFileWithoutAnIncreasingCalibrationOrOfAnotherFormatIsRefused() {
    AppModel decreasing = model("a", new Calibration(-1, 0), null);
    assertThrows(IllegalStateException.class, () -> AppModel.read(decreasing.toJson()));
    String other = new String(model("a", new Calibration(1, 0), null).toJson(), StandardCharsets.UTF_8)
        .replace("\"format\":1", "\"format\":9");
    assertThrows(IllegalStateException.class, () -> AppModel.read(other.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void anAppsModelRestatesTheCallScoreAndThresholdAndIsNamedInProvenance() {
    AppModel m = model("support-bot", new Calibration(2, 1), 0.8);
    AppModels apps = new AppModels(Map.of("support-bot", m));
    Hallucination raw = new Hallucination(0.5, true, m.rawThreshold(0.8), "context", List.of());
    Hallucination h = AppModels.restate(m, raw, 0.8);
    assertEquals(0.731, h.score(), 1e-3);
    assertEquals(0.8, h.threshold());
    assertEquals(m.sha256(), apps.ref("support-bot").sha256());
    assertNull(apps.ref("other"));
    assertThrows(IllegalArgumentException.class, () -> new AppModels(Map.of("other", m)));
  }

  static AppModel model(String app, Calibration c, Double threshold) {
    List<ReviewedCall> calls = reviewed(60, 5);
    return new AppModel(AppModel.FORMAT, app, Map.of("hallucination_model_version", HallucinationModel.VERSION),
        null, c, threshold, threshold == null ? null : new Target(Thresholds.Metric.PRECISION, 0.9),
        VerdictSet.of(calls, 0), AppCalibrationFit.fit(calls, 5, 1, null, 0.5).cv(), "2026-12-03T00:00:00Z");
  }
}
