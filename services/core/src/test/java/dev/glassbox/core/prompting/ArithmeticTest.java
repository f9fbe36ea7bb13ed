package dev.glassbox.core.prompting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArithmeticTest {

  private static Arithmetic.Check only(String text) {
    List<Arithmetic.Check> checks = Arithmetic.find(text);
    assertEquals(1, checks.size(), text);
    return checks.get(0);
  }

  @Test
  void aRightCalculationWithUnitsAndCurrencyChecksOut() {
    assertTrue(only("she makes 9 * $2 = $18 per day").correct());
    assertTrue(only("0.2 x 50 = $10.").correct());
    assertTrue(only("1,200 + 300 = 1,500 dollars").correct());
  }

  @Test
  void aWrongResultIsCaught() {
    Arithmetic.Check c = only("so she bakes 16 * 7 = 113 eggs");
    assertFalse(c.correct());
    assertEquals(112.0, c.computed());
    assertEquals(113.0, c.stated());
  }

  @Test
  void precedenceAndParenthesesAreHonoured() {
    assertTrue(only("2 + 3 * 4 = 14").correct());
    assertTrue(only("(2 + 3) * 4 = 20").correct());
  }

  @Test
  void percentagesAreShares() {
    assertTrue(only("1,200 * 15% = 180").correct());
    assertTrue(only("20% + 30% = 50%").correct());
  }

  @Test
  void proseWithAnEqualsSignIsNotACalculation() {
    assertTrue(Arithmetic.find("3 apples and 4 pears = 7 fruits").isEmpty());
    assertTrue(Arithmetic.find("x = 5").isEmpty());
  }

  @Test
  void numbersAreReadWithCommasSignsAndWords() {
    assertEquals(List.of(1200.0, 15.0, 3.0), Numbers.values("$1,200 at 15% for three"));
    assertTrue(Numbers.same(0.3333, 1.0 / 3));
  }
}
