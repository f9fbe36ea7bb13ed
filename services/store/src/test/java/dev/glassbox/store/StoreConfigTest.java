package dev.glassbox.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.glassbox.kafka.FailurePolicy;
import dev.glassbox.kafka.Topics;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreConfigTest {

  private static StoreConfig read(Map<String, String> properties) {
    // Quarkus reads durations such as "1s"; plain SmallRye Config needs its converter to.
    SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(StoreConfig.class)
        .withConverter(Duration.class, 200, new DurationConverter())
        .withSources(new PropertiesConfigSource(properties, "test", 100)).build();
    return config.getConfigMapping(StoreConfig.class);
  }

  @Test
  void unsetTopicsAreTheCataloguesAndThePolicyIsDlq() {
    StoreConfig c = read(Map.of());
    assertEquals(List.of(Topics.EXPLANATIONS, Topics.DRIFT, Topics.EXPLANATIONS_DLQ, Topics.DRIFT_DLQ),
        List.of(c.topic(), c.driftTopic(), c.dlqTopic(), c.driftDlqTopic()));
    assertEquals(FailurePolicy.DLQ, c.onBadRecord());
  }

  @Test
  void thePolicyIsWrittenAsInTheDocumentation() {
    for (FailurePolicy p : FailurePolicy.values()) {
      assertEquals(p, read(Map.of("glassbox.store.on-bad-record", p.id())).onBadRecord(), p.id());
    }
  }
}
