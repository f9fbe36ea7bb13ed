package dev.glassbox.core.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.core.explain.Explanation.Consistency;
import dev.glassbox.core.explain.Explanation.Grounding;
import dev.glassbox.core.explain.Explanation.Hallucination;
import dev.glassbox.core.text.Span;
import dev.glassbox.core.text.Words;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SignalsTest {

  static float[] v(float... xs) {
    return Vectors.normalize(xs);
  }

  @Test
  void groundingPicksTheBestSupportingSegmentPerSentence() {
    List<Span> sentences = List.of(new Span(0, 10), new Span(11, 20));
    List<GroundingSignal.Source> sources = List.of(
        new GroundingSignal.Source("context:a", new Span(0, 5), v(1, 0, 0)),
        new GroundingSignal.Source("context:b", new Span(6, 9), v(0, 1, 0)));
    String response = "Paris 1889 ok. Rome 1900.";
    Grounding g = GroundingSignal.compute(response, List.of(new Span(0, 14), new Span(15, 25)),
        List.of(v(0, 1, 0), v(0, 0, 1)), sources, List.of("In Paris 1889 ok was a year."), "context");
    assertEquals("context:b", g.sentences().get(0).source());
    assertEquals(1.0, g.sentences().get(0).similarity(), 1e-4);
    assertEquals(0.0, g.sentences().get(0).novelty(), 1e-4);
    assertEquals(1.0, g.sentences().get(0).support(), 1e-4);
    assertEquals(6, g.sentences().get(0).sourceStart());
    assertEquals(0.0, g.sentences().get(1).support(), 1e-4);
    assertEquals(List.of("Rome", "1900"), g.sentences().get(1).unsupportedTerms());
    assertTrue(g.sentences().get(1).reason().contains("Rome, 1900"), g.sentences().get(1).reason());
    assertEquals(0.5, g.score(), 1e-4);
  }

  @Test
  void wordsFoundApartScoreBelowWordsQuotedTogether() {
    List<Span> one = List.of(new Span(0, 17));
    List<GroundingSignal.Source> src = List.of(new GroundingSignal.Source("context:a", new Span(0, 1), v(1, 0)));
    List<String> context = List.of("Berg sang. Roth was inducted into the hall.");
    Grounding quoted = GroundingSignal.compute("Roth was inducted", one, List.of(v(1, 0)), src, context, "context");
    Grounding stitched = GroundingSignal.compute("Berg was inducted", one, List.of(v(1, 0)), src, context, "context");
    assertEquals(1.0, quoted.sentences().get(0).quoted(), 1e-9);
    assertEquals(2.0 / 3, stitched.sentences().get(0).quoted(), 1e-4);
    assertEquals(0.0, stitched.sentences().get(0).novelty(), 1e-9);
    assertTrue(stitched.score() < quoted.score());
  }

  @Test
  void longestSharedRunFindsTheLongestVerbatimWordRun() {
    assertEquals(0.75, Words.longestSharedRun("the big red dog", List.of("a big red dog", "the")), 1e-12);
    assertEquals(0.0, Words.longestSharedRun("cat", List.of("dog")), 1e-12);
    assertEquals(1.0, Words.longestSharedRun("Arthur's Magazine", List.of("Arthur's Magazine (1844)")), 1e-12);
  }

  @Test
  void consistencyScoresSentencesTheSamplesDoNotRepeat() {
    float[] a = v(1, 0, 0), b = v(0, 1, 0);
    String response = "Ada coded. Bob sang.";
    Consistency c = ConsistencySignal.compute(response, List.of(new Span(0, 10), new Span(11, 20)), List.of(a, b), a,
        List.of("Ada coded.", "Ada coded a lot."), List.of(a, a), List.of(List.of(a), List.of(a)));
    assertEquals(0.0, c.sentences().get(0).score(), 1e-4);
    assertEquals(1.0, c.sentences().get(1).semantic(), 1e-4);
    assertEquals(1.0, c.sentences().get(1).lexical(), 1e-4);
    assertEquals(1.0, c.sentences().get(1).score(), 1e-4);
    assertEquals(1, c.clusters());
    assertEquals(0.0, c.semanticEntropy(), 1e-9);
  }

  @Test
  void semanticEntropyOfTwoEqualClustersIsLn2() {
    float[] a = v(1, 0), b = v(0, 1);
    int[] sizes = ConsistencySignal.clusterSizes(List.of(a, b, a, b), 0.85);
    assertEquals(Math.log(2), ConsistencySignal.entropy(sizes, 4), 1e-12);
    assertEquals(2.0 / 3, ConsistencySignal.meanDissimilarity(List.of(a, b, a, b)), 1e-9);
  }

  @Test
  void hallucinationIsTheMeanOverSentencesSoLengthAloneDoesNotRaiseIt() {
    List<Span> one = List.of(new Span(0, 1));
    List<Span> many = List.of(new Span(0, 1), new Span(2, 3), new Span(4, 5), new Span(6, 7));
    List<GroundingSignal.Source> src = List.of(new GroundingSignal.Source("context:a", new Span(0, 1), v(1, 0)));
    float[] ok = v(1, 0);
    List<String> vocab = List.of("a b c d");
    Hallucination h1 = HallucinationCombiner.combine(one,
        GroundingSignal.compute("a b c d", one, List.of(ok), src, vocab, "context"), null, null, 0.5);
    Hallucination h4 = HallucinationCombiner.combine(many,
        GroundingSignal.compute("a b c d", many, List.of(ok, ok, ok, ok), src, vocab, "context"), null, null, 0.5);
    assertEquals(h1.score(), h4.score(), 1e-9);
    assertFalse(h1.flagged());
  }

  @Test
  void unsupportedSentencesAreFlaggedWithAReason() {
    List<Span> s = List.of(new Span(0, 1));
    List<GroundingSignal.Source> src = List.of(new GroundingSignal.Source("context:kb", new Span(0, 1), v(1, 0)));
    Hallucination h = HallucinationCombiner.combine(s,
        GroundingSignal.compute("Z", s, List.of(v(0, 1)), src, List.of("y"), "context"), null, null, 0.5);
    assertTrue(h.flagged());
    assertTrue(h.sentences().get(0).reason().contains("context:kb"), h.sentences().get(0).reason());
  }
}
