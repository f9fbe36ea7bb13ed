package dev.glassbox.core.drift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PsiTest {

  @Test
  void binsComeFromTheReferenceQuantiles() {
    assertArrayEquals(new double[] {2}, Psi.edges(new double[] {1, 2, 3, 4}, 2));
    assertArrayEquals(new double[] {1, 2, 3}, Psi.edges(new double[] {4, 3, 2, 1}, 4));
    // A two-valued signal gets two bins whatever was asked.
    assertArrayEquals(new double[] {0}, Psi.edges(new double[] {0, 0, 0, 1, 1}, 10));
  }

  @Test
  void theIndexMatchesTheHandComputedSum() {
    // Reference shares (0.5, 0.5); window (0, 1) with the empty bin lifted to 1e-4.
    double expected = (1e-4 - 0.5) * Math.log(1e-4 / 0.5) + (1 - 0.5) * Math.log(1 / 0.5);
    assertEquals(expected, Psi.index(new double[] {1, 2, 3, 4}, new double[] {3, 4, 5, 6}, 2), 1e-12);
    // (0.25 - 0.5) ln(0.25/0.5) + (0.75 - 0.5) ln(0.75/0.5)
    double quarter = -0.25 * Math.log(0.5) + 0.25 * Math.log(1.5);
    assertEquals(quarter, Psi.index(new double[] {1, 2, 3, 4}, new double[] {1, 3, 4, 5}, 2), 1e-12);
  }

  @Test
  void identicalSamplesHaveIndexZero() {
    double[] a = {0.3, 0.1, 0.7, 0.9, 0.5, 0.2};
    assertEquals(0.0, Psi.index(a, a.clone(), 3), 1e-12);
  }
}
