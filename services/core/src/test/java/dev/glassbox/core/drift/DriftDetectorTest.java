package dev.glassbox.core.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DriftDetectorTest {

  private static final int DIM = 16;
  private static final DriftSettings FAST = new DriftSettings(0.05, 199, 500, 4, 10, 0.25, 3, 3, 42L);

  /** Points around one of two topic centres (axis 0 = "weather", axis 1 = "finance"). */
  private static List<DriftPoint> points(SplittableRandom r, int n, double financeShare, long t0) {
    List<DriftPoint> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean finance = r.nextDouble() < financeShare;
      float[] v = new float[DIM];
      for (int d = 0; d < DIM; d++) v[d] = (float) (0.3 * Samples.normal(r));
      v[finance ? 1 : 0] += 1.5f;
      float[] resp = v.clone();
      double[] s = {r.nextDouble(), r.nextDouble(), Double.NaN, Double.NaN, 100 + r.nextInt(50), r.nextDouble() < 0.2 ? 1 : 0};
      out.add(new DriftPoint(t0 + i * 1000L, v, resp, s, (finance ? "stock prices " : "rain forecast ") + i));
    }
    return out;
  }

  @Test
  void windowsFromTheSameMixRarelyDrift() {
    SplittableRandom r = new SplittableRandom(1);
    DriftDetector detector = new DriftDetector(FAST, List.of());
    int alarms = 0;
    for (int t = 0; t < 40; t++) {
      DriftReport rep = detector.compare("a", "m", "t", "fixed", points(r, 100, 0.2, 0), points(r, 100, 0.2, 1_000_000));
      if (rep.drifted()) alarms++;
    }
    assertTrue(alarms <= 5, alarms + " alarms in 40 null windows");
  }

  @Test
  void aTopicShiftDriftsAndIsNamedByClustersAndExamples() {
    SplittableRandom r = new SplittableRandom(2);
    DriftReport rep = new DriftDetector(FAST, List.of())
        .compare("a", "m", "t", "fixed", points(r, 100, 0.1, 0), points(r, 100, 0.7, 1_000_000));
    assertTrue(rep.drifted());
    assertEquals("clusters", rep.changesBy());
    DriftReport.Change top = rep.changes().get(0);
    assertTrue(top.change() > 0.15 && top.name().startsWith("stock prices"), top.toString());
    assertTrue(rep.examples().stream().allMatch(e -> e.startsWith("stock prices")), rep.examples().toString());
    assertEquals(100, rep.calls());
    assertEquals("1970-01-01T00:16:40Z", rep.windowStart());
    assertTrue(rep.tests().stream().anyMatch(t -> t.name().equals("mmd_prompt") && t.rejected()));
    assertTrue(rep.tests().stream().noneMatch(t -> t.name().equals("uncertainty")), "a signal nobody logged is not tested");
  }

  @Test
  void declaredConceptsReportTheirPrevalence() {
    SplittableRandom r = new SplittableRandom(3);
    float[] finance = new float[DIM];
    finance[1] = 1;
    float[] weather = new float[DIM];
    weather[0] = 1;
    List<ConceptVector> concepts = List.of(new ConceptVector("finance", finance, null), new ConceptVector("weather", weather, null));
    DriftReport rep = new DriftDetector(FAST, concepts)
        .compare("a", "m", "t", "fixed", points(r, 200, 0.1, 0), points(r, 200, 0.6, 1_000_000));
    assertEquals("concepts", rep.changesBy());
    DriftReport.Change f = rep.changes().stream().filter(c -> c.name().equals("finance")).findFirst().orElseThrow();
    assertTrue(f.reference() < 0.2 && f.window() > 0.45, f.toString());
    assertTrue(rep.changes().stream().filter(c -> c.name().equals("weather")).findFirst().orElseThrow().change() < -0.3);
  }

  @Test
  void identicalWindowsDoNotDrift() {
    List<DriftPoint> ps = points(new SplittableRandom(4), 100, 0.3, 0);
    DriftReport rep = new DriftDetector(FAST, List.of()).compare("a", "m", "t", "previous", ps, ps);
    assertFalse(rep.drifted());
    assertTrue(rep.psi().stream().allMatch(s -> s.psi() < 1e-9));
  }

  /** Every prompt logged twice in a row (a right and a wrong answer to one question, as in HaluEval). */
  private static List<DriftPoint> twice(List<DriftPoint> ps) {
    List<DriftPoint> out = new ArrayList<>();
    for (DriftPoint p : ps) {
      out.add(p);
      float[] otherResponse = p.response().clone();
      otherResponse[2] += 0.5f;
      // The same prompt embedded in another batch: ~0.01 away (squared), as the int8 encoder's batches leave it.
      float[] samePrompt = p.prompt().clone();
      samePrompt[0] += 0.1f;
      out.add(new DriftPoint(p.timestampMillis() + 1, samePrompt, otherResponse, p.signals(), p.promptText()));
    }
    return out;
  }

  @Test
  void promptsLoggedTwiceDoNotLookLikeDrift() {
    SplittableRandom r = new SplittableRandom(5);
    DriftDetector detector = new DriftDetector(FAST, List.of());
    int alarms = 0;
    for (int t = 0; t < 20; t++) {
      DriftReport rep = detector.compare("a", "m", "t", "fixed", twice(points(r, 20, 0.3, 0)),
          twice(points(r, 20, 0.3, 1_000_000)));
      if (rep.tests().stream().anyMatch(x -> x.name().endsWith("_prompt") && x.rejected())) alarms++;
    }
    // Tested with their repeats, 40 vs 40 prompts made of 20 pairs alarmed in 6 of these 20 trials; tested once each, 3 at most.
    assertTrue(alarms <= 3, alarms + " prompt alarms in 20 null windows of repeated prompts");
    assertEquals(2, DriftDetector.distinct(twice(points(r, 1, 0.3, 0)), DriftPoint::response).size());
    assertEquals(1, DriftDetector.distinct(twice(points(r, 1, 0.3, 0)), DriftPoint::prompt).size());
  }
}
