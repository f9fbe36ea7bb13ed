package dev.glassbox.core.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ClassifierTestTest {

  @Test
  void aucCountsWinsAndHalfTies() {
    // Pairs (p, n): 2>1, 2=2 (half), 3>1, 3>2 → 3.5 of 4.
    assertEquals(3.5 / 4, ClassifierTest.auc(new double[] {1, 2}, new double[] {2, 3}), 1e-12);
  }

  @Test
  void shiftedGaussiansAreToldApart() {
    SplittableRandom random = new SplittableRandom(2);
    ClassifierTest.Result r = ClassifierTest.test(Samples.gaussian(random, 200, 16, 0), Samples.gaussian(random, 200, 16, 1.0), 1);
    assertTrue(r.auc() > 0.7, "auc " + r.auc());
    assertTrue(r.pValue() < 1e-4, "p " + r.pValue());
  }

  @Test
  void pValuesUnderTheNullFallBelowFivePercentAboutFivePercentOfTheTime() {
    SplittableRandom random = new SplittableRandom(13);
    int trials = 200, below = 0;
    for (int t = 0; t < trials; t++) {
      if (ClassifierTest.test(Samples.gaussian(random, 60, 5, 0), Samples.gaussian(random, 60, 5, 0), t).pValue() < 0.05) below++;
    }
    assertTrue(below >= 2 && below <= 20, "p < 0.05 in " + below + " of 200");
  }
}
