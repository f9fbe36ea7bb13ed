package dev.glassbox.core.appmodel;

import dev.glassbox.core.explanation.Explanation.Hallucination;
import dev.glassbox.core.explanation.Provenance;
import dev.glassbox.core.signal.Vectors;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The per-app models an explainer scores with, by app name; an app without one is scored by the global model. Each
 * model's provenance reference (with the sha256 of its file) is computed once here, not per call.
 */
public final class AppModels {

  /** No per-app models: every app is scored by the global model. */
  public static final AppModels NONE = new AppModels(Map.of());

  private final Map<String, AppModel> models;
  private final Map<String, Provenance.AppModelRef> refs = new LinkedHashMap<>();

  /** @param models by app; each model must name the app it is filed under */
  public AppModels(Map<String, AppModel> models) {
    this.models = Map.copyOf(models);
    models.forEach((app, m) -> {
      if (!app.equals(m.app())) throw new IllegalArgumentException("the model for app " + app + " was trained for app " + m.app());
      refs.put(app, m.ref());
    });
  }

  /** The app's own model, or null. */
  public AppModel forApp(String app) {
    return models.get(app);
  }

  /** How provenance names the app's own model, or null when the global model scores it. */
  public Provenance.AppModelRef ref(String app) {
    return refs.get(app);
  }

  public boolean isEmpty() {
    return models.isEmpty();
  }

  /**
   * A call's hallucination verdict, scored on the scoring model's scale with {@link AppModel#rawThreshold}, restated on
   * the app's calibrated scale: the call's score becomes the calibrated probability and its threshold the app's, while
   * sentence scores stay those of the scoring model (verdicts are per call, so only the call score is re-learned).
   */
  public static Hallucination restate(AppModel app, Hallucination h, double threshold) {
    Double score = h.score() == null ? null : Vectors.round(app.calibrated(h.score()));
    return new Hallucination(score, h.flagged(), threshold, h.evidence(), h.sentences());
  }
}
