package dev.glassbox.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RankMetricsTest {

  @Test
  void perfectReversedAndTiedRankings() {
    boolean[] y = {false, false, true, true};
    assertEquals(1.0, RankMetrics.auroc(new double[] {0.1, 0.2, 0.8, 0.9}, y), 1e-12);
    assertEquals(0.0, RankMetrics.auroc(new double[] {0.9, 0.8, 0.2, 0.1}, y), 1e-12);
    assertEquals(0.5, RankMetrics.auroc(new double[] {0.5, 0.5, 0.5, 0.5}, y), 1e-12);
    assertTrue(Double.isNaN(RankMetrics.auroc(new double[] {1, 2}, new boolean[] {true, true})));
  }

  @Test
  void aurocMatchesAHandCount() {
    // Pairs (pos, neg): 0.8>0.3, 0.8>0.6, 0.4>0.3, 0.4<0.6 -> 3 of 4.
    assertEquals(0.75, RankMetrics.auroc(new double[] {0.3, 0.8, 0.6, 0.4}, new boolean[] {false, true, false, true}), 1e-12);
  }

  @Test
  void averagePrecisionMatchesScikitLearn() {
    // sklearn.metrics.average_precision_score([0,0,1,1],[0.1,0.4,0.35,0.8]) == 0.8333...
    assertEquals(0.8333333333, RankMetrics.aucPr(new double[] {0.1, 0.4, 0.35, 0.8},
        new boolean[] {false, false, true, true}), 1e-9);
    // All tied: precision is the base rate.
    assertEquals(0.5, RankMetrics.aucPr(new double[] {1, 1, 1, 1}, new boolean[] {true, false, true, false}), 1e-12);
  }
}
