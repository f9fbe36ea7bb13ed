package dev.glassbox.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShadingTest {

  private static int[] rgb(String hex) {
    return new int[] {Integer.parseInt(hex.substring(1, 3), 16), Integer.parseInt(hex.substring(3, 5), 16),
        Integer.parseInt(hex.substring(5, 7), 16)};
  }

  @Test
  void lowRiskIsGreenHighRiskIsRedAndHalfwayIsYellow() {
    int[] low = rgb(Shading.risk(0));
    int[] mid = rgb(Shading.risk(0.5));
    int[] high = rgb(Shading.risk(1));
    assertTrue(low[1] > low[0] && low[1] > low[2], Shading.risk(0));
    assertTrue(high[0] > high[1] && high[0] > high[2], Shading.risk(1));
    assertEquals(mid[0], mid[1], 1, Shading.risk(0.5));
    assertTrue(mid[0] > mid[2], Shading.risk(0.5));
  }

  @Test
  void redIncreasesAndGreenDecreasesWithTheScore() {
    int[] previous = rgb(Shading.risk(0));
    for (int i = 1; i <= 10; i++) {
      int[] c = rgb(Shading.risk(i / 10.0));
      assertTrue(c[0] >= previous[0] && c[1] <= previous[1], "at " + i / 10.0);
      previous = c;
    }
  }

  @Test
  void coloursAreLightEnoughToReadBlackTextOn() {
    for (double s = 0; s <= 1; s += 0.05) {
      int[] c = rgb(Shading.risk(s));
      assertTrue(0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2] > 160, "at " + s);
    }
  }

  @Test
  void outOfRangeScoresAreClampedAndNaNIsGrey() {
    assertEquals(Shading.risk(0), Shading.risk(-3));
    assertEquals(Shading.risk(1), Shading.risk(7));
    assertEquals(Shading.UNKNOWN, Shading.risk(Double.NaN));
  }

  @Test
  void numbersHaveThreeDecimalsAndMissingOnesSayNa() {
    assertEquals("0.833", Shading.number(0.8333));
    assertEquals("-1.000", Shading.number(-1.0));
    assertEquals("n/a", Shading.number(null));
    assertEquals("n/a", Shading.number(Double.NaN));
  }
}
