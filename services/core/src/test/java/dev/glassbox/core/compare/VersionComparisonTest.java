package dev.glassbox.core.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class VersionComparisonTest {

  private static final CompareSettings SETTINGS = new CompareSettings(0.05, 199, 100, 10, 7L);

  /** One side: {@code n} calls, a share checkable, flagged and labelled as given, embeddings around {@code centre}. */
  private static VersionSample side(int n, double checkable, double flagged, double hallucinated, double centre,
      long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    VersionSample.Builder b = new VersionSample.Builder();
    for (int i = 0; i < n; i++) {
      boolean isCheckable = r.nextDouble() < checkable;
      b.add(isCheckable, isCheckable && r.nextDouble() < flagged, 0.3 + 0.2 * r.nextDouble(), null,
          r.nextDouble() < hallucinated, vector(r, 0), vector(r, centre));
    }
    return b.build();
  }

  private static float[] vector(SplittableRandom r, double shift) {
    float[] v = new float[8];
    for (int d = 0; d < v.length; d++) v[d] = (float) (r.nextGaussian() + (d == 0 ? shift : 0));
    return v;
  }

  private static Map<String, Comparison.Metric> byName(Comparison c) {
    return c.metrics().stream().collect(Collectors.toMap(Comparison.Metric::name, Function.identity()));
  }

  @Test
  void twoSamplesOfOneVersionDoNotDiffer() {
    Comparison c = new VersionComparison(SETTINGS).compare("model", "v1", "v1-again",
        side(300, 0.8, 0.3, 0.4, 0, 1), side(300, 0.8, 0.3, 0.4, 0, 2));
    assertFalse(c.differs(), c.verdict());
    assertTrue(c.verdict().startsWith("v1-again does not differ significantly from v1 (6 tests, Holm)"), c.verdict());
  }

  @Test
  void aHigherHallucinationRateAndMovedResponsesAreFoundWithTheirIntervals() {
    Comparison c = new VersionComparison(SETTINGS).compare("model", "small", "large",
        side(400, 0.8, 0.5, 0.7, 0, 1), side(400, 0.8, 0.2, 0.4, 1.5, 2));
    Map<String, Comparison.Metric> m = byName(c);
    assertTrue(c.differs());
    Comparison.Metric labelled = m.get("labelled_rate");
    assertTrue(labelled.significant() && labelled.differenceInterval().contains(labelled.difference()));
    assertTrue(labelled.differenceInterval().high() < 0, "large hallucinates less: " + labelled);
    assertTrue(m.get("flagged_rate").significant());
    assertTrue(m.get("mmd_response").significant());
    assertFalse(m.get("mmd_prompt").significant(), "the prompts come from one distribution");
    assertTrue(c.verdict().startsWith("large differs from small (6 tests, Holm; b − a): flagged_rate -0."), c.verdict());
  }

  @Test
  void holmMultipliesTheSmallestPValueByTheNumberOfTests() {
    Comparison c = new VersionComparison(SETTINGS).compare("model", "a", "b",
        side(400, 0.8, 0.5, 0.7, 0, 1), side(400, 0.8, 0.2, 0.4, 0, 2));
    Comparison.Metric smallest = c.metrics().stream().filter(Comparison.Metric::tested)
        .min((x, y) -> Double.compare(x.pValue(), y.pValue())).orElseThrow();
    long tested = c.metrics().stream().filter(Comparison.Metric::tested).count();
    assertEquals(6, tested);
    assertEquals(Math.min(1, tested * smallest.pValue()), smallest.adjustedPValue(), 1e-15);
  }

  @Test
  void aMetricWithTooFewValuesIsReportedButNotTested() {
    Comparison c = new VersionComparison(SETTINGS).compare("attribute:prompt_version", "p1", "p2",
        side(50, 0.8, 0.3, 0.4, 0, 1), side(50, 0.8, 0.3, 0.4, 0, 2));
    Comparison.Metric reviewed = byName(c).get("reviewer_confirmed_rate");
    assertFalse(reviewed.tested());
    assertNull(reviewed.adjustedPValue());
    assertEquals("not tested: 0 and 0 values, fewer than 10 on a side", reviewed.note());
  }

  @Test
  void withoutLabelsThereIsNoLabelledRateRow() {
    VersionSample.Builder a = new VersionSample.Builder(), b = new VersionSample.Builder();
    for (int i = 0; i < 20; i++) {
      a.add(true, i % 2 == 0, null, i % 3 == 0, null, null, null);
      b.add(true, i % 4 == 0, null, i % 3 == 0, null, null, null);
    }
    Comparison c = new VersionComparison(SETTINGS).compare("model", "a", "b", a.build(), b.build());
    assertEquals(List.of("flagged_rate", "checkable_share", "mean_uncertainty", "reviewer_confirmed_rate",
        "mmd_prompt", "mmd_response"), c.metrics().stream().map(Comparison.Metric::name).toList());
    Comparison.Metric reviewed = byName(c).get("reviewer_confirmed_rate");
    assertEquals(7.0 / 20, reviewed.a(), 1e-12); // i = 0, 3, …, 18
    assertEquals(0.0, reviewed.difference(), 1e-12);
    assertEquals(1.0, reviewed.pValue(), 1e-12);
  }
}
