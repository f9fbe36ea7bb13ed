package dev.glassbox.core.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StudentTTest {

  @Test
  void quantilesMatchTheTables() {
    assertEquals(2.228139, StudentT.quantile(0.975, 10), 1e-6);
    assertEquals(12.706205, StudentT.quantile(0.975, 1), 1e-5);
    assertEquals(5.344306, StudentT.quantile(0.995, 3.3), 1e-5); // fractional df, as Welch's test gives (scipy)
  }

  @Test
  void twoSidedTailMatchesScipy() {
    assertEquals(0.082897, StudentT.twoSidedP(2.0, 7.5), 1e-6);
    assertEquals(1.0, StudentT.twoSidedP(0.0, 4), 1e-12);
  }
}
