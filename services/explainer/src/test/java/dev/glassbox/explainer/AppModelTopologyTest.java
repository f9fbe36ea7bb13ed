package dev.glassbox.explainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.glassbox.core.appmodel.AppModel;
import dev.glassbox.core.call.CallCodec;
import dev.glassbox.core.explain.CallExplainer;
import dev.glassbox.core.explain.ExplainerSettings;
import dev.glassbox.core.explain.HashingEncoder;
import dev.glassbox.core.explanation.Explanation;
import dev.glassbox.core.explanation.ExplanationCodec;
import dev.glassbox.core.redact.RedactionPolicy;
import dev.glassbox.core.redact.Redactor;
import dev.glassbox.core.signal.Calibration;
import dev.glassbox.core.signal.HallucinationModel;
import dev.glassbox.kafka.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An app switched to its own model file is scored by it, and its explanations name it; other apps are not. */
class AppModelTopologyTest {

  @TempDir
  Path dir;

  private static byte[] call(String id, String app) {
    return ("{\"id\":\"" + id + "\",\"timestamp\":\"2026-11-28T12:00:00Z\",\"app\":\"" + app + "\",\"model\":\"m\","
        + "\"prompt\":\"Where is the tower?\",\"response\":\"The tower is in Rome.\","
        + "\"context\":[{\"id\":\"kb\",\"text\":\"The tower is in Paris.\"}]}").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void anAppWithAModelFileIsScoredByItAndNamesItInTheProvenance() throws Exception {
    AppModel own = new AppModel(AppModel.FORMAT, "support-bot", Map.of(), null, new Calibration(2, 0.5), 0.6, null,
        null, null, "2026-12-03T00:00:00Z");
    Path file = dir.resolve("support-bot.json");
    Files.write(file, own.toJson());
    CallExplainer explainer = new CallExplainer(new HashingEncoder(), ExplainerSettings.DEFAULT,
        HallucinationModel.bundled(), ExplainerTopologyProducer.appModels(Map.of("support-bot", file.toString())), null);
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "explainer-app-model-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    try (TopologyTestDriver driver = new TopologyTestDriver(ExplainerTopologyProducer.build(new CallCodec(), explainer,
        new Redactor(RedactionPolicy.DEFAULT), new ExplainerMetrics(new SimpleMeterRegistry()),
        ExplainerInput.parseAll(List.of(Topics.CALLS + "=native")), ExplainerOutputs.DEFAULT), props)) {
      TestInputTopic<String, byte[]> calls = driver.createInputTopic(Topics.CALLS, new StringSerializer(),
          new ByteArraySerializer());
      TestOutputTopic<String, byte[]> out = driver.createOutputTopic(ExplainerOutputs.DEFAULT.explanations(),
          new StringDeserializer(), new ByteArrayDeserializer());
      calls.pipeInput(null, call("own", "support-bot"));
      calls.pipeInput(null, call("global", "search"));
      Explanation byOwn = ExplanationCodec.decode(out.readRecord().value());
      Explanation byGlobal = ExplanationCodec.decode(out.readRecord().value());
      assertEquals(own.sha256(), byOwn.provenance().appModel().sha256());
      assertEquals(0.6, byOwn.hallucination().threshold());
      assertNull(byGlobal.provenance().appModel());
      assertEquals(ExplainerSettings.DEFAULT.flagThreshold(), byGlobal.hallucination().threshold());
    }
  }
}
