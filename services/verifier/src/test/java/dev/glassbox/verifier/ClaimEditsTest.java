package dev.glassbox.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ClaimEditsTest {

  @Test
  void exchangingNamesSwapsWhoDidWhatAndKeepsEveryWord() {
    assertEquals("In 1921 Victor Hale sold the trust to Elena Marsh.",
        ClaimEdits.exchange("In 1921 Elena Marsh sold the trust to Victor Hale.", ClaimEdits.NAME));
  }

  @Test
  void exchangingNumbersSwapsTwoDifferentFigures() {
    assertEquals("Profits rose 45 pct to 12 mln dlrs.", ClaimEdits.exchange("Profits rose 12 pct to 45 mln dlrs.", ClaimEdits.NUMBER));
    assertNull(ClaimEdits.exchange("It rose 5 pct and then 5 pct again.", ClaimEdits.NUMBER));
  }

  @Test
  void changingANumberKeepsItsFormButNotItsValue() {
    String s = "The bridge is 2,277 metres long.";
    String changed = ClaimEdits.changeNumber(s, new Random(1));
    assertNotEquals(s, changed);
    assertEquals(s.length(), changed.length());
  }

  @Test
  void negationAddsNotAfterTheAuxiliaryOrTakesItAway() {
    assertEquals("The dam was not built in 1950.", ClaimEdits.negate("The dam was built in 1950."));
    assertEquals("It was adapted for film.", ClaimEdits.negate("It was not adapted for film."));
    assertNull(ClaimEdits.negate("Brazil won the final."));
  }

  @Test
  void theMeaningKeepingCounterpartOfANegationAddsOneHarmlessWordAtTheSamePlace() {
    assertEquals("The dam was also built in 1950.", ClaimEdits.affirm("The dam was built in 1950."));
    assertNull(ClaimEdits.affirm("It was not adapted for film."), "a negated sentence has no affirmed twin");
  }

  @Test
  void aReplacedTermComesFromElsewhereAndIsOfTheSameKind() {
    String s = "The museum in Leeds holds maps.";
    assertEquals("The museum in Glasgow holds maps.", ClaimEdits.replaceTerm(s, "A port near Glasgow.", ClaimEdits.NAME, new Random(3)));
    assertNull(ClaimEdits.replaceTerm(s, "nothing capitalised here", ClaimEdits.NAME, new Random(3)));
  }

  @Test
  void meaningKeepingEditsReorderACoordinationOrDropAParenthesis() {
    assertEquals("Nordel makes pipes and rails in Gdansk.", ClaimEdits.reorderCoordination("Nordel makes rails and pipes in Gdansk."));
    assertEquals("Trade between Spain and Italy grew.", ClaimEdits.reorderCoordination("Trade between Italy and Spain grew."));
    assertNull(ClaimEdits.reorderCoordination("Based in San Diego, California and affiliated with the league."), "no garbled reorder");
    assertEquals("Arthur's Magazine was a periodical.", ClaimEdits.dropParenthesis("Arthur's Magazine (1844–1846) was a periodical."));
  }
}
