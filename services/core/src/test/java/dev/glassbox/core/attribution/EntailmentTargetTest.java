package dev.glassbox.core.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.glassbox.core.explanation.SourceRef;
import dev.glassbox.core.text.Span;
import dev.glassbox.core.verify.FakeVerifier;
import dev.glassbox.core.verify.Verdict;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntailmentTargetTest {

  private static AttributionSegment segment(int k, String text, float[] vector) {
    return new AttributionSegment(SourceRef.context("p" + k), new Span(0, text.length()), text, vector);
  }

  private static float[] unit(int dims, int axis) {
    float[] v = new float[dims];
    v[axis] = 1;
    return v;
  }

  @Test
  void theValueIsTheBestSupportAmongTheKeptSegments() {
    EntailmentTarget t = new EntailmentTarget(new double[] {0.2, 0.9, 0.5});
    assertEquals(0.9, t.value(new boolean[] {true, true, true}));
    assertEquals(0.5, t.value(new boolean[] {true, false, true}));
    assertEquals(0.0, t.value(new boolean[] {false, false, false}));
  }

  @Test
  void eachSentenceIsReadWithItsClosestSegmentsOnlyInOneVerifierCall() {
    int n = EntailmentTarget.SEGMENTS_PER_SENTENCE + 2;
    List<AttributionSegment> segs = new ArrayList<>();
    for (int k = 0; k < n; k++) segs.add(segment(k, "segment " + k, unit(n, k)));
    float[] near = new float[n]; // closest to the last segments, farthest from segments 0 and 1
    for (int k = 0; k < n; k++) near[k] = k;
    FakeVerifier verifier = new FakeVerifier(p -> p.evidence().equals("segment 5") ? new Verdict(0.8, 0.1, 0.1)
        : new Verdict(0.1, 0.1, 0.8));
    var claims = new EntailmentTarget.Claims(List.of("a claim"), List.of(near), segs);
    List<List<double[]>> s = EntailmentTarget.supports(verifier, List.of(claims, claims));
    assertEquals(1, verifier.calls().size());
    assertEquals(2 * EntailmentTarget.SEGMENTS_PER_SENTENCE, verifier.calls().get(0).size());
    double[] expected = new double[n];
    for (int k = 2; k < n; k++) expected[k] = k == 5 ? 0.8 : 0.1;
    assertArrayEquals(expected, s.get(0).get(0), 1e-12);
    assertArrayEquals(expected, s.get(1).get(0), 1e-12);
  }

  @Test
  void attributionOfTheVerifiersTargetPutsTheEntailingSegmentFirstAndSaysSo() {
    String response = "It opened in 1889.";
    List<AttributionSegment> segs = List.of(segment(0, "Bananas are yellow.", unit(3, 0)),
        segment(1, "The tower opened in 1889.", unit(3, 1)), segment(2, "Rivers flow downhill.", unit(3, 2)));
    List<Span> sentences = List.of(new Span(0, response.length()));
    // The surrogate sees the sentence as closest to the bananas; the verifier knows which segment entails it.
    List<float[]> vectors = List.of(unit(3, 0));
    AttributionSettings s = AttributionSettings.DEFAULT.withMode(AttributionMode.ALL)
        .withMethod(AttributionMethod.SHAPLEY).withTarget(AttributionTarget.VERIFIER);
    var a = CallAttribution.attribute(response, sentences, vectors, segs, s, 7, 0, List.of(new double[] {0.05, 0.95, 0.1}));
    assertEquals("verifier", a.target());
    assertEquals("context:p1", a.segments().get(0).source());
    assertEquals(0.95, a.sentences().get(0).target(), 1e-9);
    var surrogate = CallAttribution.attribute(response, sentences, vectors, segs, s.withTarget(AttributionTarget.SURROGATE), 7, 0);
    assertEquals("surrogate", surrogate.target());
  }
}
