package dev.glassbox.explainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.core.appmodel.AppModel;
import dev.glassbox.core.appmodel.AppModels;
import dev.glassbox.core.signal.Calibration;
import dev.glassbox.core.signal.HallucinationModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HallucinationModelConfigTest {

  @TempDir
  Path dir;

  @Test
  void withoutAFileTheBundledModelIsUsed() {
    assertSame(HallucinationModel.bundled(), ExplainerTopologyProducer.hallucinationModel(Optional.empty()));
  }

  @Test
  void aTrainedFileIsReadAndUsed() throws Exception {
    Path file = dir.resolve("model.json");
    Files.write(file, HallucinationModel.neutral().toJson());
    HallucinationModel m = ExplainerTopologyProducer.hallucinationModel(Optional.of(file.toString()));
    assertEquals(0.5, m.group("context").probability(new double[] {1, 1, 1, 1}), 1e-12);
  }

  @Test
  void aMissingOrMismatchedFileStopsStartWithTheKeyAndTheReason() throws Exception {
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> ExplainerTopologyProducer.hallucinationModel(Optional.of(dir.resolve("nope.json").toString())));
    assertTrue(missing.getMessage().startsWith("glassbox.explainer.hallucination-model: cannot use"), missing.getMessage());
    Path old = dir.resolve("old.json");
    String json = new String(HallucinationModel.neutral().toJson(), StandardCharsets.UTF_8).replace("\"novelty\"", "\"old_feature\"");
    Files.writeString(old, json);
    IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class,
        () -> ExplainerTopologyProducer.hallucinationModel(Optional.of(old.toString())));
    assertTrue(mismatch.getMessage().contains("this code computes"), mismatch.getMessage());
  }

  @Test
  void perAppFilesAreReadByAppAndAFileTrainedForAnotherAppStopsStart() throws Exception {
    Path file = dir.resolve("support-bot.json");
    Files.write(file, new AppModel(AppModel.FORMAT, "support-bot", Map.of(), null, new Calibration(1.2, 0.1), 0.4, null,
        null, null, "2026-12-03T00:00:00Z").toJson());
    AppModels models = ExplainerTopologyProducer.appModels(Map.of("support-bot", file.toString()));
    assertEquals(0.4, models.forApp("support-bot").threshold());
    assertTrue(ExplainerTopologyProducer.appModels(Map.of()).isEmpty());
    IllegalArgumentException wrongApp = assertThrows(IllegalArgumentException.class,
        () -> ExplainerTopologyProducer.appModels(Map.of("billing", file.toString())));
    assertTrue(wrongApp.getMessage().contains("trained for app support-bot"), wrongApp.getMessage());
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> ExplainerTopologyProducer.appModels(Map.of("billing", dir.resolve("nope.json").toString())));
    assertTrue(missing.getMessage().startsWith("glassbox.explainer.hallucination-models.billing: cannot use"),
        missing.getMessage());
  }
}
