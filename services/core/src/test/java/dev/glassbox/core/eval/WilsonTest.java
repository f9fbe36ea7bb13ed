package dev.glassbox.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WilsonTest {

  @Test
  void matchesThePublishedIntervalForEightyOfOneHundred() {
    Wilson w = Wilson.of(80, 100);
    assertEquals(0.8, w.estimate(), 1e-12);
    assertEquals(0.7112, w.low(), 1e-4);
    assertEquals(0.8667, w.high(), 1e-4);
  }

  @Test
  void staysInsideZeroAndOneAtTheEdges() {
    Wilson all = Wilson.of(10, 10), none = Wilson.of(0, 10);
    assertEquals(1.0, all.high(), 1e-12);
    assertTrue(all.low() > 0.6 && all.low() < 0.8, "low " + all.low());
    assertEquals(0.0, none.low(), 1e-12);
  }

  @Test
  void withoutObservationsTheIntervalIsEverything() {
    Wilson w = Wilson.of(0, 0);
    assertEquals(0, w.low());
    assertEquals(1, w.high());
    assertTrue(Double.isNaN(w.estimate()));
  }
}
