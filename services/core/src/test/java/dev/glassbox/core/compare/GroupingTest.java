package dev.glassbox.core.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class GroupingTest {

  @Test
  void modelIsTheDefaultAndAnAttributeIsNamedAfterTheColon() {
    assertEquals(Grouping.MODEL, Grouping.parse(null));
    assertEquals(Grouping.MODEL, Grouping.parse("model"));
    Grouping prompt = Grouping.parse("attribute:prompt_version");
    assertEquals("prompt_version", prompt.attribute());
    assertEquals("attribute:prompt_version", prompt.toString());
  }

  @Test
  void aCallsValueIsItsModelOrItsAttributeAsText() {
    assertEquals("gpt-4o", Grouping.MODEL.valueOf("gpt-4o", Map.of("prompt_version", 3)));
    assertEquals("3", Grouping.parse("attribute:prompt_version").valueOf("gpt-4o", Map.of("prompt_version", 3)));
    assertNull(Grouping.parse("attribute:prompt_version").valueOf("gpt-4o", Map.of()));
  }

  @Test
  void anythingElseIsRefusedNamingTheField() {
    assertEquals("by must be model or attribute:<name>",
        assertThrows(IllegalArgumentException.class, () -> Grouping.parse("version")).getMessage());
    assertThrows(IllegalArgumentException.class, () -> Grouping.parse("attribute:"));
    assertThrows(IllegalArgumentException.class, () -> Grouping.parse("attribute:a'b"));
  }
}
