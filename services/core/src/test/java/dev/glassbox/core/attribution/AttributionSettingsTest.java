package dev.glassbox.core.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AttributionSettingsTest {

  @Test
  void aBadSettingIsRefusedWithWhatIsAllowed() {
    assertEquals(AttributionMethod.SHAPLEY, AttributionSettings.DEFAULT.withMethod(AttributionMethod.SHAPLEY).method());
    IllegalArgumentException mode = assertThrows(IllegalArgumentException.class, () -> AttributionMode.of("sometimes"));
    assertTrue(mode.getMessage().contains("off, flagged or all"), mode.getMessage());
    IllegalArgumentException method = assertThrows(IllegalArgumentException.class, () -> AttributionMethod.of("lime"));
    assertTrue(method.getMessage().contains("contextcite, shapley or leave-one-out"), method.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new AttributionSettings(AttributionMode.ALL, 1.5, AttributionMethod.CONTEXTCITE, 32, 4, 512, 64, 0.2, AttributionTarget.SURROGATE));
    assertThrows(IllegalArgumentException.class,
        () -> new AttributionSettings(AttributionMode.ALL, 0.1, AttributionMethod.CONTEXTCITE, 0, 4, 512, 64, 0.2, AttributionTarget.SURROGATE));
  }

  @Test
  void modesAndMethodsAreNamedByTheLowerCaseIdsConfigurationAndExplanationsUse() {
    for (AttributionMode m : AttributionMode.values()) assertEquals(m, AttributionMode.of(m.id()));
    for (AttributionMethod m : AttributionMethod.values()) assertEquals(m, AttributionMethod.of(m.id()));
    assertEquals("leave-one-out", AttributionMethod.LEAVE_ONE_OUT.id());
    assertEquals("flagged", AttributionMode.FLAGGED.id());
  }
}
