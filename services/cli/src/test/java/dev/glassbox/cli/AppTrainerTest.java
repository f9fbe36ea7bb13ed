package dev.glassbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.core.appmodel.AppModel;
import dev.glassbox.core.appmodel.Target;
import dev.glassbox.core.appmodel.Thresholds;
import dev.glassbox.core.call.CallCodec;
import dev.glassbox.core.explain.CallExplainer;
import dev.glassbox.core.explain.ExplainerSettings;
import dev.glassbox.core.explain.HashingEncoder;
import dev.glassbox.core.explanation.Explanation;
import dev.glassbox.core.explanation.ExplanationCodec;
import dev.glassbox.core.json.Json;
import dev.glassbox.core.signal.HallucinationModel;
import dev.glassbox.core.signal.SentenceFeatures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppTrainerTest {

  @TempDir
  Path dir;

  /** Export lines as glassbox export writes them: the call, its label, and under glassbox the explanation and verdicts. */
  static List<String> exportLines(int n) throws Exception {
    CallExplainer explainer = new CallExplainer(new HashingEncoder(), ExplainerSettings.DEFAULT);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean wrong = i % 2 == 0;
      String response = wrong ? "The Eiffel Tower is in Rome and opened in " + (1700 + i) + " for the pope."
          : "The Eiffel Tower is in Paris and was completed in 1889. Visitor " + i + " liked it.";
      ObjectNode call = (ObjectNode) Json.readTree("""
          {"id": "c-%d", "timestamp": "2026-01-01T10:00:00Z", "app": "bot", "model": "m", "tenant": "acme",
           "prompt": "Where is the Eiffel Tower?", "response": %s,
           "context": [{"id": "kb-17", "text": "The Eiffel Tower is a wrought-iron tower in Paris, completed in 1889."}]}
          """.formatted(i, Json.string(response)));
      Explanation e = explainer.explain(new CallCodec().decode(call).call());
      boolean label = wrong != (i % 9 == 4);
      call.putObject("labels").put("hallucinated", label);
      ObjectNode glassbox = call.putObject("glassbox");
      glassbox.set("explanation", Json.readTree(ExplanationCodec.encodeString(e)));
      glassbox.putArray("verdicts").addObject().put("reviewer", "rita").put("verdict", label ? "hallucinated" : "correct")
          .put("created_at", "2026-01-02T10:00:00.123+00:00");
      lines.add(Json.mapper().writeValueAsString(call));
    }
    return lines;
  }

  private static String json(HallucinationModel m, String group) {
    return new String(Json.bytes(m.group(group)), StandardCharsets.UTF_8);
  }

  @Test
  void enoughVerdictsReLearnTheContextModelAndTheFileCarriesIt() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    Path file = dir.resolve("bot.json");
    int exit = new AppTrainer("bot", HallucinationModel.bundled(), 5, 1, new Target(Thresholds.Metric.PRECISION, 0.8),
        List.of(0.01, 1.0), new PrintStream(printed, true, StandardCharsets.UTF_8))
        .train(ReviewedExport.read(exportLines(320), "bot"), 0.5, file);
    String out = printed.toString(StandardCharsets.UTF_8);
    assertEquals(0, exit, out);
    assertTrue(out.contains("whole model: 320 verdicts reach the minimum"), out);
    assertTrue(out.contains("samples: 0 sentences (0 hallucinated): too few, the global weights stay"), out);
    AppModel m = AppModel.read(Files.readAllBytes(file));
    assertNotNull(m.model());
    assertNotEquals(json(HallucinationModel.bundled(), SentenceFeatures.CONTEXT), json(m.model(), SentenceFeatures.CONTEXT));
    assertEquals(json(HallucinationModel.bundled(), SentenceFeatures.SAMPLES), json(m.model(), SentenceFeatures.SAMPLES));
    assertEquals(true, m.base().get("relearned"));
    assertEquals("2026-01-02T10:00:00.123Z", m.verdicts().from());
  }
}
