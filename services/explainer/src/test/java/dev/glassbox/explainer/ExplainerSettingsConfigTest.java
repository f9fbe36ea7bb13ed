package dev.glassbox.explainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.core.attribution.AttributionMethod;
import dev.glassbox.core.attribution.AttributionMode;
import dev.glassbox.core.attribution.AttributionSettings;
import dev.glassbox.core.explain.ExplainerSettings;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExplainerSettingsConfigTest {

  private static ExplainerConfig config(Map<String, String> keys) {
    return new SmallRyeConfigBuilder().withMapping(ExplainerConfig.class)
        .withSources(new PropertiesConfigSource(keys, "test", 100)).build().getConfigMapping(ExplainerConfig.class);
  }

  @Test
  void withNoKeysSetTheServiceExplainsWithTheCoreDefaults() {
    assertEquals(ExplainerSettings.DEFAULT, ExplainerTopologyProducer.settings(config(Map.of())));
  }

  @Test
  void eachKeySetOverridesOnlyItsOwnDefault() {
    ExplainerSettings s = ExplainerTopologyProducer.settings(config(Map.of(
        "glassbox.explainer.flag-threshold", "0.7",
        "glassbox.explainer.attribution.mode", "all",
        "glassbox.explainer.attribution.method", "leave-one-out",
        "glassbox.explainer.attribution.ablations", "8")));
    assertEquals(0.7, s.flagThreshold());
    assertEquals(ExplainerSettings.DEFAULT.includeEmbeddings(), s.includeEmbeddings());
    AttributionSettings d = AttributionSettings.DEFAULT;
    assertEquals(new AttributionSettings(AttributionMode.ALL, d.sampleRate(), AttributionMethod.LEAVE_ONE_OUT, 8,
        d.permutations(), d.maxEvaluations(), d.maxSegments(), d.topFraction(), d.target()), s.attribution());
  }

  @Test
  void theVerifierIsOffByDefaultAndDisabledGivesTheExplainerNone() {
    assertFalse(config(Map.of()).verifier().enabled());
    assertTrue(config(Map.of("glassbox.explainer.verifier.enabled", "true")).verifier().enabled());
    assertNull(new ExplainerTopologyProducer().verifier(config(Map.of("glassbox.explainer.verifier.enabled", "false")))
        .verifier());
  }

  @Test
  void anUnknownModeStopsStartWithTheModesThereAre() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExplainerTopologyProducer.settings(
        config(Map.of("glassbox.explainer.attribution.mode", "sometimes"))));
    assertTrue(e.getMessage().contains("off, flagged or all"), e.getMessage());
  }
}
