package dev.glassbox.core.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AttributionSettingsTest {

  @Test
  void aBadSettingIsRefusedWithWhatIsAllowed() {
    assertEquals("shapley", AttributionSettings.DEFAULT.withMethod("shapley").method());
    IllegalArgumentException mode = assertThrows(IllegalArgumentException.class,
        () -> AttributionSettings.DEFAULT.withMode("sometimes"));
    assertTrue(mode.getMessage().contains("off, flagged or all"), mode.getMessage());
    IllegalArgumentException method = assertThrows(IllegalArgumentException.class,
        () -> AttributionSettings.DEFAULT.withMethod("lime"));
    assertTrue(method.getMessage().contains("contextcite, shapley or leave-one-out"), method.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new AttributionSettings("all", 1.5, "contextcite", 32, 4, 512, 64, 0.2));
    assertThrows(IllegalArgumentException.class,
        () -> new AttributionSettings("all", 0.1, "contextcite", 0, 4, 512, 64, 0.2));
  }
}
