package dev.glassbox.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.glassbox.kafka.FailurePolicy;
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
}
