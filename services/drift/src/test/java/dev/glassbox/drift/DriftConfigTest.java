package dev.glassbox.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.glassbox.kafka.FailurePolicy;
import dev.glassbox.kafka.Topics;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DriftConfigTest {

  private static DriftConfig read(Map<String, String> properties) {
    SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(DriftConfig.class)
        .withSources(new PropertiesConfigSource(properties, "test", 100)).build();
    return config.getConfigMapping(DriftConfig.class);
  }

  @Test
  void unsetTopicsAndPolicyAreTheCataloguesAndTodaysBehaviour() {
    DriftConfig c = read(Map.of());
    assertEquals(DriftRouting.DEFAULT, new DriftRouting(c.inputTopic(), c.outputTopic(), c.dlqTopic(), c.onBadRecord()));
  }

  @Test
  void thePolicyIsWrittenAsInTheDocumentation() {
    for (FailurePolicy p : FailurePolicy.values()) {
      assertEquals(p, read(Map.of("glassbox.drift.on-bad-record", p.id())).onBadRecord(), p.id());
    }
  }

  /** {@code quarkus.kafka-streams.topics} as application.properties writes it, with {@code overrides} set. */
  private static String streamsTopics(Map<String, String> overrides) throws Exception {
    java.util.Properties app = new java.util.Properties();
    try (var in = DriftConfigTest.class.getResourceAsStream("/application.properties")) {
      app.load(in);
    }
    Map<String, String> properties = new java.util.HashMap<>(overrides);
    properties.put("quarkus.kafka-streams.topics", app.getProperty("quarkus.kafka-streams.topics"));
    return new SmallRyeConfigBuilder().addDefaultInterceptors()
        .withSources(new PropertiesConfigSource(properties, "app", 100)).build()
        .getValue("quarkus.kafka-streams.topics", String.class);
  }

  @Test
  void streamsWaitsForTheConfiguredTopicsOrElseTheCataloguesOnes() throws Exception {
    assertEquals(Topics.EXPLANATIONS + "," + Topics.DRIFT, streamsTopics(Map.of()));
    assertEquals("team.in,team.out",
        streamsTopics(Map.of("glassbox.drift.input-topic", "team.in", "glassbox.drift.output-topic", "team.out")));
  }
}
