package dev.glassbox.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.glassbox.core.appmodel.AppModel;
import dev.glassbox.core.call.CallKey;
import dev.glassbox.core.signal.Calibration;
import dev.glassbox.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One app switched to its own model on the packaged explainer and store over a real broker and PostgreSQL: after the
 * explainer restarts with {@code glassbox.explainer.hallucination-models.<app>} set, new explanations of that app name
 * the model (sha256) in their provenance and its columns, while other apps and earlier explanations keep the global one.
 */
class AppModelSwitchIT {

  private static final Duration TIMEOUT = Duration.ofMinutes(4);
  private static Platform platform;
  private static Path settings;

  @BeforeAll
  static void startExplainerAndStore() throws Exception {
    Path home = GlassboxHome.find();
    Path dataDir = TestRuns.freshDataDir(home, "app-model");
    Files.createDirectories(dataDir);
    // The explainer reads this file at every start: empty now, naming the app's model after the switch.
    settings = dataDir.resolve("explainer.properties");
    Files.writeString(settings, "");
    platform = Platform.start(new Platform.Settings(home, dataDir, Ports.ANY, Ports.ANY,
        TestRuns.onAnyPort("explainer", "store"), true, TIMEOUT,
        Map.of("explainer", Map.of("QUARKUS_CONFIG_LOCATIONS", settings.toUri().toString())), java.util.List.of()),
        line -> System.out.println("[app-model] " + line));
  }

  @AfterAll
  static void stop() {
    if (platform != null) platform.close();
  }

  @Test
  void afterTheSwitchTheAppsNewExplanationsNameItsOwnModel() throws Exception {
    produce("before", "support-bot");
    try (Connection c = platform.pg().connect()) {
      assertEquals("global", awaitModel(c, "before"));

      AppModel own = new AppModel(AppModel.FORMAT, "support-bot", Map.of(), null, new Calibration(1.5, -0.3), 0.6,
          null, null, null, Instant.now().toString());
      Path file = settings.resolveSibling("support-bot.json");
      Files.write(file, own.toJson());
      Files.writeString(settings, "glassbox.explainer.hallucination-models.support-bot=" + file + "\n");
      ServiceProcess explainer = platform.service("explainer");
      explainer.kill9();
      explainer.start();
      explainer.awaitReady(TIMEOUT);

      produce("after", "support-bot");
      produce("other", "search");
      assertEquals(own.sha256(), awaitModel(c, "after"));
      assertEquals("global", awaitModel(c, "other"));
      assertEquals("global", awaitModel(c, "before"), "earlier explanations are not rewritten");
      assertEquals("0.6", text(c, "after", "explanation #>> '{hallucination,threshold}'"));
    }
  }

  private static void produce(String id, String app) throws Exception {
    String call = """
        {"id": "%s", "timestamp": "%s", "app": "%s", "model": "m", "tenant": "acme",
         "prompt": "Where is the Eiffel Tower?", "response": "The Eiffel Tower is in Rome.",
         "context": [{"id": "kb-17", "text": "The Eiffel Tower is in Paris."}]}
        """.formatted(id, Instant.now(), app);
    Properties pp = platform.kafka().clientProperties();
    pp.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    pp.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(pp)) {
      producer.send(new ProducerRecord<>(Topics.CALLS, new CallKey("acme", id).recordKey(),
          call.getBytes(StandardCharsets.UTF_8))).get();
    }
  }

  /** The stored explanation's app model sha256 (its V11 column), or "global", once the call is stored. */
  private static String awaitModel(Connection c, String id) {
    return PlatformAwait.until(platform, "call " + id + " stored", TIMEOUT,
        () -> text(c, id, "CASE WHEN app_model_sha256 IS NULL THEN 'global' ELSE app_model_sha256 END"
            + " || CASE WHEN app_model_sha256 IS DISTINCT FROM explanation #>> '{provenance,app_model,sha256}'"
            + " THEN ' (column and JSON disagree)' ELSE '' END"), v -> v != null);
  }

  private static String text(Connection c, String id, String expression) throws Exception {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + expression + " FROM explanations WHERE tenant = 'acme'"
        + " AND call_id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }
}
