package dev.glassbox.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class EnumIdsTest {

  enum Sample { PLAIN, TWO_WORDS, LAST }

  @Test
  void anIdIsTheLowerCaseNameWithHyphensAndReadsBack() {
    assertEquals("two-words", EnumIds.id(Sample.TWO_WORDS));
    for (Sample s : Sample.values()) assertEquals(s, EnumIds.of(Sample.class, EnumIds.id(s), "sample"));
  }

  @Test
  void anUnknownIdIsRefusedNamingTheIdsThereAre() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EnumIds.of(Sample.class, "TWO_WORDS", "sample"));
    assertEquals("sample 'TWO_WORDS': use plain, two-words or last", e.getMessage());
  }
}
