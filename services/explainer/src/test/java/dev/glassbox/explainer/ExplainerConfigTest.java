package dev.glassbox.explainer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.glassbox.kafka.FailurePolicy;
import dev.glassbox.kafka.Topics;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExplainerConfigTest {

  private static ExplainerConfig read(Map<String, String> properties) {
    SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(ExplainerConfig.class)
        .withSources(new PropertiesConfigSource(properties, "test", 100)).build();
    return config.getConfigMapping(ExplainerConfig.class);
  }

  @Test
  void unsetTopicsAndPolicyAreTheCataloguesAndTodaysBehaviour() {
    ExplainerConfig c = read(Map.of());
    assertEquals(List.of(ExplainerInput.NATIVE_CALLS), ExplainerInput.parseAll(c.inputs()));
    assertEquals(ExplainerOutputs.DEFAULT, new ExplainerOutputs(c.outputTopic(), c.dlqTopic(), c.onBadRecord()));
    assertEquals(Topics.CALLS_DLQ, c.dlqTopic());
  }

  @Test
  void thePolicyIsWrittenAsInTheDocumentation() {
    for (FailurePolicy p : FailurePolicy.values()) {
      assertEquals(p, read(Map.of("glassbox.explainer.on-bad-record", p.id())).onBadRecord(), p.id());
    }
  }

  @Test
  void theTimestampRangeIsUnsetByDefaultAndReadAsAnInstant() {
    assertEquals(java.util.Optional.empty(), read(Map.of()).earliestTimestamp());
    assertEquals(java.util.Optional.of(java.time.Instant.parse("2020-01-01T00:00:00Z")),
        read(Map.of("glassbox.explainer.earliest-timestamp", "2020-01-01T00:00:00Z")).earliestTimestamp());
  }
}
