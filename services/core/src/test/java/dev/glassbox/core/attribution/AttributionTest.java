package dev.glassbox.core.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.core.explanation.Explanation.Attribution;
import dev.glassbox.core.explain.HashingEncoder;
import dev.glassbox.core.explanation.SourceRef;
import dev.glassbox.core.text.Span;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttributionTest {

  /** An additive target: each kept segment adds its weight. */
  static Target additive(double... w) {
    return new Target() {
      @Override
      public int size() {
        return w.length;
      }

      @Override
      public double value(boolean[] keep) {
        double s = 0;
        for (int j = 0; j < w.length; j++) if (keep[j]) s += w[j];
        return s;
      }
    };
  }

  @Test
  void everyMethodRecoversTheWeightsOfAnAdditiveTarget() {
    Target t = additive(0.5, 0.0, 0.2, 0.1);
    assertArrayEquals(new double[] {0.5, 0.0, 0.2, 0.1}, Attributor.leaveOneOut(t).scores(), 1e-12);
    assertArrayEquals(new double[] {0.5, 0.0, 0.2, 0.1}, Attributor.shapley(t, 3, 1).scores(), 1e-12);
    // The Lasso shrinks each weight by about 2λ (features are 0/1 with variance ¼).
    assertArrayEquals(new double[] {0.5, 0.0, 0.2, 0.1}, Attributor.contextCite(t, 64, 0.0001, 7).scores(), 0.01);
  }

  @Test
  void shapleyValuesSplitAnInteractionEvenly() {
    // Value 1 only when both segments are kept: each gets one half.
    Target and = new Target() {
      public int size() {
        return 2;
      }

      public double value(boolean[] keep) {
        return keep[0] && keep[1] ? 1 : 0;
      }
    };
    assertArrayEquals(new double[] {0.5, 0.5}, Attributor.shapley(and, 200, 3).scores(), 0.1);
  }

  @Test
  void eraserScoresOfAPerfectRankingOnAnAdditiveTarget() {
    Target t = additive(0.6, 0.1, 0.1, 0.1, 0.1);
    Eraser.Scores s = Eraser.of(t, new double[] {5, 1, 1, 1, 1}, 0.2);
    assertEquals(0.6, s.comprehensiveness(), 1e-12);
    assertEquals(0.4, s.sufficiency(), 1e-12);
    // Bins 1,5,10,20 % remove one segment (0.6); 50 % removes three (0.8).
    assertEquals((0.6 * 4 + 0.8) / 5, s.aopc(), 1e-12);
  }

  @Test
  void lassoFitsAKnownLinearFunctionAndZeroesNoise() {
    double[][] x = {{0, 0}, {1, 0}, {0, 1}, {1, 1}, {1, 0}, {0, 1}};
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) y[i] = 0.3 + 2 * x[i][0];
    double[] w = Lasso.fit(x, y, 0.0, 500);
    assertEquals(2.0, w[0], 1e-6);
    assertEquals(0.0, w[1], 1e-6);
  }

  @Test
  void theOnlyPassageHoldingTheAnswerGetsTheLargestWeightByEveryMethod() {
    HashingEncoder enc = new HashingEncoder();
    String response = "Marie Curie discovered polonium in 1898.";
    List<String> passages = List.of("The Eiffel Tower opened in Paris in 1889.",
        "Marie Curie discovered polonium in 1898 with Pierre Curie.", "Bananas are rich in potassium.",
        "The Nile flows north through Egypt.");
    float[][] v = enc.embed(new ArrayList<>(List.of(response, passages.get(0), passages.get(1), passages.get(2),
        passages.get(3))));
    List<AttributionSegment> segs = new ArrayList<>();
    for (int j = 0; j < passages.size(); j++) {
      segs.add(new AttributionSegment(SourceRef.context("p" + j), new Span(0, passages.get(j).length()), passages.get(j), v[j + 1]));
    }
    for (AttributionMethod method : AttributionMethod.values()) {
      Attribution a = CallAttribution.attribute(response, List.of(new Span(0, response.length())), List.of(v[0]), segs,
          AttributionSettings.DEFAULT.withMethod(method), 42, 0);
      assertEquals("context:p1", a.segments().get(0).source(), method.id());
      assertEquals(method.id(), a.method());
      assertTrue(a.faithfulness().comprehensiveness() > a.faithfulness().randomComprehensiveness(), method.id());
      assertTrue(a.segments().get(0).score() >= a.segments().get(1).score());
      assertTrue(a.tokens().stream().anyMatch(t -> t.token().equals("polonium")), a.tokens().toString());
      assertTrue(a.evaluations() > 0 && a.evaluations() <= AttributionSettings.DEFAULT.maxEvaluations() + 1);
    }
  }
}
