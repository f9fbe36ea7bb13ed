package dev.glassbox.core.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OfflineDriftTest {

  private static final DriftSettings FAST = new DriftSettings(0.05, 19, 500, 2, 5, 0.25, 3, 3, 42L);

  private static DriftPoint point(long t) {
    float[] v = {(float) Math.sin(t), (float) Math.cos(t)};
    return new DriftPoint(t, v, v, new double[] {0.5, Double.NaN, Double.NaN, Double.NaN, 10, 0}, "p" + t);
  }

  private static List<DriftReport> run(ReferencePolicy policy, int referenceCalls) {
    List<DriftReport> out = new ArrayList<>();
    OfflineDrift d = new OfflineDrift(new DriftDetector(FAST, List.of()), WindowSpec.byCount(10), policy,
        referenceCalls, 2, out::add);
    for (int t = 0; t < 50; t++) d.add(new OfflineDrift.Key("t", "a", "m"), point(t));
    d.finish();
    return out;
  }

  @Test
  void fixedComparesEveryLaterWindowWithTheFirstCalls() {
    List<DriftReport> r = run(ReferencePolicy.FIXED, 20);
    assertEquals(3, r.size(), "windows 1-2 form the baseline; windows 3-5 are reported");
    r.forEach(x -> assertEquals("1970-01-01T00:00:00Z", x.reference().start()));
    r.forEach(x -> assertEquals(20, x.reference().calls()));
    assertEquals("1970-01-01T00:00:00.020Z", r.get(0).windowStart());
  }

  @Test
  void previousAndSlidingMoveWithTheWindows() {
    List<DriftReport> previous = run(ReferencePolicy.PREVIOUS, 10);
    assertEquals(4, previous.size());
    assertEquals("1970-01-01T00:00:00.030Z", previous.get(3).reference().start());
    List<DriftReport> sliding = run(ReferencePolicy.SLIDING, 10);
    assertEquals(List.of(10, 20, 20, 20), sliding.stream().map(x -> x.reference().calls()).toList());
    assertEquals("1970-01-01T00:00:00.020Z", sliding.get(3).reference().start());
  }
}
