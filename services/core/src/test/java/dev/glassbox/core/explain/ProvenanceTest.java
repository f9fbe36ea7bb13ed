package dev.glassbox.core.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.core.call.Call;
import dev.glassbox.core.call.CallCodec;
import dev.glassbox.core.explanation.Explanation;
import dev.glassbox.core.explanation.ExplanationCodec;
import dev.glassbox.core.explanation.Provenance;
import dev.glassbox.core.signal.HallucinationModel;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProvenanceTest {

  private static final String CALL = """
      {"id":"p","timestamp":"2026-11-28T12:00:00Z","app":"a","model":"m","prompt":"Where is the Eiffel Tower?",
       "response":"The Eiffel Tower is in Paris.",
       "context":[{"id":"kb-17","text":"The Eiffel Tower is in Paris."}]}
      """;

  private static Call call() {
    return new CallCodec().decode(CALL).call();
  }

  private static Provenance explainedWith(ExplainerSettings settings, HallucinationModel model) {
    return new CallExplainer(new HashingEncoder(), settings, model).explain(call()).provenance();
  }

  @Test
  void everyExplanationNamesTheBuildTheModelsAndWhenItWasMade() {
    Instant before = Instant.now();
    Provenance p = explainedWith(ExplainerSettings.DEFAULT, HallucinationModel.bundled());
    assertNotNull(p.glassboxVersion());
    assertFalse(p.glassboxVersion().contains("${"), "the build file is filtered: " + p.glassboxVersion());
    assertNotNull(p.glassboxCommit());
    assertEquals(new HashingEncoder().modelName(), p.encoderModel());
    assertEquals(Provenance.UNKNOWN, p.encoderSha256(), "the test encoder has no model file");
    assertEquals(HallucinationModel.bundled().version(), p.hallucinationModelVersion());
    assertEquals(Provenance.sha256(HallucinationModel.bundled().toJson()), p.hallucinationModelSha256());
    assertFalse(Instant.parse(p.explainedAt()).isBefore(before));
  }

  @Test
  void settingsThatChangeResultsChangeTheSettingsHash() {
    Provenance defaults = explainedWith(ExplainerSettings.DEFAULT, HallucinationModel.bundled());
    Provenance stricter = explainedWith(new ExplainerSettings(0.3, true), HallucinationModel.bundled());
    assertNotEquals(defaults.settingsSha256(), stricter.settingsSha256());
    assertEquals(defaults.settingsSha256(),
        explainedWith(ExplainerSettings.DEFAULT, HallucinationModel.bundled()).settingsSha256());
  }

  @Test
  void anotherHallucinationModelFileHasAnotherDigest() {
    assertNotEquals(explainedWith(ExplainerSettings.DEFAULT, HallucinationModel.bundled()).hallucinationModelSha256(),
        explainedWith(ExplainerSettings.DEFAULT, HallucinationModel.neutral()).hallucinationModelSha256());
  }

  @Test
  void provenanceSurvivesTheJsonRoundTripAndOlderExplanationsHaveNone() {
    Explanation e = new CallExplainer(new HashingEncoder(), ExplainerSettings.DEFAULT).explain(call());
    assertEquals(e.provenance(), ExplanationCodec.decode(ExplanationCodec.encode(e)).provenance());
    String json = ExplanationCodec.encodeString(e);
    assertTrue(json.contains("\"settings_sha256\""), json);
    assertEquals(null, ExplanationCodec.decode(ExplanationCodec.encode(e.withProvenance(null))).provenance());
  }
}
