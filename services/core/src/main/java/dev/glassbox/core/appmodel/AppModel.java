package dev.glassbox.core.appmodel;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.glassbox.core.explanation.Provenance;
import dev.glassbox.core.json.Json;
import dev.glassbox.core.signal.Calibration;
import dev.glassbox.core.signal.HallucinationModel;
import java.io.IOException;
import java.util.Map;

/**
 * One app's own hallucination model, learned by {@code glassbox train --app} from its reviewers' verdicts: a Platt
 * calibration of the call score, optionally a whole re-learned {@link HallucinationModel} under it, and optionally a
 * flag threshold chosen for a target precision or recall. It names its app, the verdicts it was learned from and
 * their cross-validated figures, so a file explains itself.
 *
 * @param format this file's format version; the code refuses any other
 * @param base the model whose call scores the calibration maps: version and sha256 of the global model, or of
 *     {@code model} when the whole model was re-learned
 * @param model the app's re-learned hallucination model, or null to score with the global one
 * @param calibration the map from the call score the scoring model gives to the app's probability
 * @param threshold the app's flag threshold on the calibrated score, or null for the explainer's
 * @param target what the threshold was chosen for ({@code precision >= 0.9}), or null
 * @param trainedAt when the file was written (ISO-8601)
 */
public record AppModel(int format, String app, Map<String, Object> base, HallucinationModel model,
    Calibration calibration, Double threshold, Target target, VerdictSet verdicts, CvFigures cv,
    String trainedAt) {

  public static final int FORMAT = 1;

  public static AppModel read(byte[] json) throws IOException {
    AppModel m = Json.mapper().readValue(json, AppModel.class);
    if (m.format != FORMAT) throw new IllegalStateException("app model format " + m.format + ", this code reads " + FORMAT);
    if (m.app == null || m.app.isBlank()) throw new IllegalStateException("app model names no app");
    if (m.calibration == null || !(m.calibration.slope() > 0)) {
      throw new IllegalStateException("app model of " + m.app + " has no increasing calibration");
    }
    return m;
  }

  public byte[] toJson() {
    return Json.bytes(this);
  }

  /** sha256 of the file as serialised: what the explanation's provenance names it by. */
  @JsonIgnore
  public String sha256() {
    return Provenance.sha256(toJson());
  }

  /** The hallucination model the app's calls are scored with: its own, else {@code global}. */
  public HallucinationModel scoringModel(HallucinationModel global) {
    return model != null ? model : global;
  }

  /** The app's probability for a call score of the scoring model. */
  public double calibrated(double score) {
    return calibration.apply(score);
  }

  /**
   * The call score of the scoring model at which the calibrated score reaches {@code threshold}: the calibration is
   * increasing, so flagging the raw score at it flags exactly the calls whose calibrated score reaches the threshold,
   * and sentence verdicts (on the raw scale) agree with the call's flag.
   */
  public double rawThreshold(double threshold) {
    double logit = Calibration.logit(threshold);
    double z = (logit - calibration.intercept()) / calibration.slope();
    return 1 / (1 + Math.exp(-z));
  }

  /** The flag threshold on the calibrated scale: the app's own, else the explainer's. */
  public double flagThreshold(double explainerThreshold) {
    return threshold != null ? threshold : explainerThreshold;
  }

  /** How an explanation's provenance names this model. */
  public Provenance.AppModelRef ref() {
    return new Provenance.AppModelRef(app, FORMAT, trainedAt, sha256());
  }
}
