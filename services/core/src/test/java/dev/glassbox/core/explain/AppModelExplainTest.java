package dev.glassbox.core.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.core.appmodel.AppModel;
import dev.glassbox.core.appmodel.AppModels;
import dev.glassbox.core.call.Call;
import dev.glassbox.core.call.CallCodec;
import dev.glassbox.core.explanation.Explanation;
import dev.glassbox.core.explanation.ExplanationCodec;
import dev.glassbox.core.signal.Calibration;
import dev.glassbox.core.signal.HallucinationModel;
import dev.glassbox.core.signal.Vectors;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppModelExplainTest {

  private static Call call(String id, String app) {
    return new CallCodec().decode("""
        {"id":"%s","timestamp":"2026-11-28T12:00:00Z","app":"%s","model":"m","prompt":"Where is the Eiffel Tower?",
         "response":"The Eiffel Tower is in Rome, built in 1921.",
         "context":[{"id":"kb-17","text":"The Eiffel Tower is in Paris. It was built in 1889."}]}
        """.formatted(id, app)).call();
  }

  private static AppModel model(String app, Calibration c, Double threshold) {
    return new AppModel(AppModel.FORMAT, app, Map.of(), null, c, threshold, null, null, null, "2026-12-03T00:00:00Z");
  }

  @Test
  void anAppWithItsOwnModelGetsItsCalibratedScoreAndThresholdAndProvenanceNamesTheModel() {
    AppModel own = model("support-bot", new Calibration(1.5, -0.4), 0.35);
    CallExplainer global = new CallExplainer(new HashingEncoder(), ExplainerSettings.DEFAULT);
    CallExplainer perApp = new CallExplainer(new HashingEncoder(), ExplainerSettings.DEFAULT, HallucinationModel.bundled(),
        new AppModels(Map.of("support-bot", own)), null);
    List<Explanation> byGlobal = global.explainAll(List.of(call("a", "support-bot"), call("b", "other")));
    List<Explanation> byApp = perApp.explainAll(List.of(call("a", "support-bot"), call("b", "other")));

    double raw = byGlobal.get(0).hallucination().score();
    assertEquals(Vectors.round(own.calibrated(raw)), byApp.get(0).hallucination().score(), 1e-3);
    assertEquals(0.35, byApp.get(0).hallucination().threshold());
    assertEquals(byApp.get(0).hallucination().score() >= 0.35, byApp.get(0).hallucination().flagged());
    assertEquals(own.sha256(), byApp.get(0).provenance().appModel().sha256());
    assertEquals("support-bot", byApp.get(0).provenance().appModel().app());

    assertEquals(byGlobal.get(1).hallucination(), byApp.get(1).hallucination(), "other apps keep the global model");
    assertNull(byApp.get(1).provenance().appModel());
  }

  @Test
  void theAppModelSurvivesTheCodecAndIsAbsentFromTheJsonOfGloballyScoredCalls() {
    CallExplainer perApp = new CallExplainer(new HashingEncoder(), ExplainerSettings.DEFAULT, HallucinationModel.bundled(),
        new AppModels(Map.of("support-bot", model("support-bot", new Calibration(1, 0), null))), null);
    List<Explanation> out = perApp.explainAll(List.of(call("a", "support-bot"), call("b", "other")));
    Explanation back = ExplanationCodec.decode(ExplanationCodec.encode(out.get(0)));
    assertEquals(out.get(0).provenance(), back.provenance());
    assertTrue(ExplanationCodec.encodeString(out.get(0)).contains("\"app_model\":{\"app\":\"support-bot\""));
    assertFalse(new String(ExplanationCodec.encode(out.get(1)), StandardCharsets.UTF_8).contains("app_model"));
  }
}
