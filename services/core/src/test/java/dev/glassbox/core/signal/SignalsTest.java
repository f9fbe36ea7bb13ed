package dev.glassbox.core.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.core.encode.Encoder.Encoded;
import dev.glassbox.core.explanation.Against;
import dev.glassbox.core.explanation.Explanation.Consistency;
import dev.glassbox.core.explanation.Explanation.Grounding;
import dev.glassbox.core.explanation.Explanation.Hallucination;
import dev.glassbox.core.explanation.SourceRef;
import dev.glassbox.core.text.Span;
import dev.glassbox.core.text.Words;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SignalsTest {

  static float[] v(float... xs) {
    return Vectors.normalize(xs);
  }

  /** A sentence vector without token vectors. */
  static Encoded e(float... xs) {
    return Encoded.sentenceOnly(v(xs));
  }

  /** A text whose tokens are its words, each a one-hot vector of its own (so alignment matches equal words only). */
  static Encoded words(String text) {
    List<String> w = Words.words(text);
    float[][] tokens = new float[w.size()][];
    for (int i = 0; i < tokens.length; i++) {
      tokens[i] = new float[64];
      tokens[i][Math.floorMod(w.get(i).hashCode(), 64)] = 1;
    }
    return new Encoded(v(1, 0), tokens, w.toArray(new String[0]));
  }

  /** A model whose grounding risk rises with novelty alone (one half at novelty 0.5). */
  static HallucinationModel noveltyModel() {
    Map<String, LogisticModel> groups = new java.util.LinkedHashMap<>(HallucinationModel.neutral().groups());
    groups.put("context", new LogisticModel(SentenceFeatures.CONTEXT_FEATURES, new double[] {0.5, 0, 0, 0},
        new double[] {0.1, 1, 1, 1}, new double[] {1, 0, 0, 0}, 0));
    return new HallucinationModel(HallucinationModel.VERSION, Map.of(), groups, Map.of());
  }

  @Test
  void groundingPicksTheBestSupportingSegmentPerSentence() {
    List<Span> sentences = List.of(new Span(0, 10), new Span(11, 20));
    List<GroundingSignal.Source> sources = List.of(
        new GroundingSignal.Source(SourceRef.context("a"), new Span(0, 5), e(1, 0, 0)),
        new GroundingSignal.Source(SourceRef.context("b"), new Span(6, 9), e(0, 1, 0)));
    String response = "Paris 1889 ok. Rome 1900.";
    Grounding g = GroundingSignal.compute(response, List.of(new Span(0, 14), new Span(15, 25)),
        List.of(e(0, 1, 0), e(0, 0, 1)), sources, List.of("In Paris 1889 ok was a year."), Against.CONTEXT);
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
    List<GroundingSignal.Source> src = List.of(new GroundingSignal.Source(SourceRef.context("a"), new Span(0, 1), e(1, 0)));
    List<String> context = List.of("Berg sang. Roth was inducted into the hall.");
    Grounding quoted = GroundingSignal.compute("Roth was inducted", one, List.of(e(1, 0)), src, context, Against.CONTEXT);
    Grounding stitched = GroundingSignal.compute("Berg was inducted", one, List.of(e(1, 0)), src, context, Against.CONTEXT);
    assertEquals(1.0, quoted.sentences().get(0).quoted(), 1e-9);
    // content words: "berg inducted" shares only "inducted" in a row with the passage
    assertEquals(0.5, stitched.sentences().get(0).quoted(), 1e-4);
    assertEquals(0.0, stitched.sentences().get(0).novelty(), 1e-9);
    assertTrue(stitched.score() < quoted.score());
  }

  @Test
  void longestSharedRunFindsTheLongestVerbatimRunOfContentWords() {
    assertEquals(2.0 / 3, Words.longestSharedRun("big red dog", List.of("big red cat", "dog")), 1e-12);
    // function and framing words do not break or lengthen a run
    assertEquals(1.0, Words.longestSharedRun("the big red dog", List.of("a big red dog")), 1e-12);
    assertEquals(1.0, Words.longestSharedRun("Based on the passage, the answer is Arthur's Magazine",
        List.of("Arthur's Magazine (1844)")), 1e-12);
    assertEquals(0.0, Words.longestSharedRun("cat", List.of("dog")), 1e-12);
    assertEquals(1.0, Words.longestSharedRun("Arthur's Magazine", List.of("Arthur's Magazine (1844)")), 1e-12);
  }

  @Test
  void consistencyScoresSentencesTheSamplesDoNotRepeat() {
    float[] a = v(1, 0, 0), b = v(0, 1, 0);
    String response = "Ada coded. Bob sang.";
    Encoded ea = new Encoded(a, new float[0][], new String[0]), eb = new Encoded(b, new float[0][], new String[0]);
    Consistency c = ConsistencySignal.compute(response, List.of(new Span(0, 10), new Span(11, 20)), List.of(ea, eb), a,
        List.of("Ada coded.", "Ada coded a lot."), List.of(ea, ea), List.of(List.of(a), List.of(a)));
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
    List<GroundingSignal.Source> src = List.of(new GroundingSignal.Source(SourceRef.context("a"), new Span(0, 1), e(1, 0)));
    Encoded ok = e(1, 0);
    List<String> vocab = List.of("a b c d");
    Hallucination h1 = HallucinationCombiner.combine("a b c d", one,
        GroundingSignal.compute("a b c d", one, List.of(ok), src, vocab, Against.CONTEXT), null, null, 0.5, noveltyModel());
    Hallucination h4 = HallucinationCombiner.combine("a b c d", many,
        GroundingSignal.compute("a b c d", many, List.of(ok, ok, ok, ok), src, vocab, Against.CONTEXT), null, null, 0.5,
        noveltyModel());
    assertEquals(h1.score(), h4.score(), 1e-9);
    assertFalse(h1.flagged());
  }

  @Test
  void unsupportedSentencesAreFlaggedWithAReason() {
    List<Span> s = List.of(new Span(0, 1));
    List<GroundingSignal.Source> src = List.of(new GroundingSignal.Source(SourceRef.context("kb"), new Span(0, 1), e(1, 0)));
    Hallucination h = HallucinationCombiner.combine("Z", s,
        GroundingSignal.compute("Z", s, List.of(e(0, 1)), src, List.of("y"), Against.CONTEXT), null, null, 0.5, noveltyModel());
    assertTrue(h.flagged());
    assertTrue(h.sentences().get(0).reason().contains("context:kb"), h.sentences().get(0).reason());
    assertTrue(h.sentences().get(0).reason().contains("absent from it: Z"), h.sentences().get(0).reason());
    assertEquals(h.sentences().get(0).score(), h.sentences().get(0).signals().get("context"), 1e-9);
  }

  @Test
  void tokenAlignmentIsTheShareOfContentTokensFoundInTheReferences() {
    Encoded sentence = words("Curie won the Nobel prize in Vienna");
    assertEquals(1.0, TokenAlignment.precision(sentence, List.of(words("Curie won a Nobel prize in Vienna."))), 1e-9);
    // content tokens curie, won, nobel, prize, vienna; "vienna" has no counterpart in the reference
    assertEquals(4.0 / 5, TokenAlignment.precision(sentence, List.of(words("Curie won the Nobel prize in Paris"))), 1e-9);
    assertEquals(4.0 / 5, TokenAlignment.precision(sentence,
        List.of(words("Curie won the prize."), words("The Nobel committee met in Paris."))), 1e-9);
    assertTrue(Double.isNaN(TokenAlignment.precision(words("the of and"), List.of(words("Curie")))));
    assertTrue(Double.isNaN(TokenAlignment.precision(sentence, List.of(e(1, 0)))));
  }

  @Test
  void groundingAlignsTokensAgainstAllSourceSegments() {
    List<Span> one = List.of(new Span(0, 22));
    List<GroundingSignal.Source> src = List.of(
        new GroundingSignal.Source(SourceRef.context("a"), new Span(0, 12), words("Curie won in")),
        new GroundingSignal.Source(SourceRef.context("b"), new Span(13, 20), words("Paris 1903")));
    Grounding g = GroundingSignal.compute("Curie won in Rome 1903", one, List.of(words("Curie won in Rome 1903")), src,
        List.of("Curie won in Paris 1903"), Against.CONTEXT);
    assertEquals(3.0 / 4, g.sentences().get(0).tokenAlignment(), 1e-9);
    assertEquals(List.of("Rome"), g.sentences().get(0).unsupportedTerms());
  }

  @Test
  void consistencyAlignsTokensWithEachSampleAndScoresUnigramSurprise() {
    String response = "Ada coded in Rome.";
    List<Span> one = List.of(new Span(0, 18));
    Encoded s1 = words("Ada coded in Rome."), s2 = words("Ada coded in Paris.");
    Consistency c = ConsistencySignal.compute(response, one, List.of(words(response)), v(1, 0),
        List.of("Ada coded in Rome.", "Ada coded in Paris."), List.of(s1, s2), List.of(List.of(), List.of()));
    // sample 1 aligns all three content tokens (ada, coded, rome), sample 2 two of three: disagreement 1 - (1 + 2/3)/2
    assertEquals(1 - (1 + 2.0 / 3) / 2, c.sentences().get(0).tokenAlignment(), 1e-4);
    // unigram counts over samples + response: 12 words, 5 distinct, so the denominator is 12 + 5 + 1
    double rome = -Math.log((2 + 1) / 18.0), ada = -Math.log((3 + 1) / 18.0);
    assertEquals(rome, c.sentences().get(0).ngramMax(), 1e-4);
    assertEquals((3 * ada + rome) / 4, c.sentences().get(0).ngram(), 1e-4);
  }

  @Test
  void logisticFitRecoversTheInformativeFeatureAndBalancesTheClasses() {
    java.util.Random random = new java.util.Random(7);
    int n = 400;
    double[][] x = new double[n][2];
    boolean[] y = new boolean[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 4 != 0; // 75 % positive
      x[i][0] = (y[i] ? 1 : -1) + random.nextGaussian();
      x[i][1] = random.nextGaussian();
      if (i % 10 == 0) x[i][1] = Double.NaN;
    }
    LogisticModel m = LogisticModel.fit(List.of("signal", "noise"), x, y, 0.001);
    assertTrue(m.weights()[0] > 1, "weight of the signal " + m.weights()[0]);
    assertTrue(Math.abs(m.weights()[1]) < 0.3, "weight of the noise " + m.weights()[1]);
    // balanced: halfway between the class means is even odds, despite the 3:1 base rate
    assertEquals(0.5, m.probability(new double[] {0, Double.NaN}), 0.1);
    assertTrue(m.probability(new double[] {2, 0}) > 0.9);
  }

  @Test
  void theBundledModelHasEveryGroupWithTheFeaturesTheCodeComputes() {
    HallucinationModel m = HallucinationModel.bundled();
    for (String g : SentenceFeatures.GROUPS) assertEquals(SentenceFeatures.names(g), m.group(g).features());
  }

  @Test
  void sourceMaterialInThePromptIsReadWithTheContextModelBesideTheSamples() {
    String response = "Ada coded.";
    List<Span> one = List.of(new Span(0, 10));
    Grounding g = GroundingSignal.compute(response, one, List.of(e(1, 0)),
        List.of(new GroundingSignal.Source(SourceRef.prompt(0), new Span(0, 5), e(1, 0))), List.of("Ada coded"), Against.PROMPT);
    Consistency c = ConsistencySignal.compute(response, one, List.of(e(1, 0)), v(1, 0), List.of("Ada coded."),
        List.of(e(1, 0)), List.of(List.of()));
    assertEquals(Set.of("prompt"), SentenceFeatures.of(response, one, 0, g, null, null, null).keySet());
    assertEquals(Set.of("prompt", "samples"), SentenceFeatures.of(response, one, 0, g, c, null, null).keySet());
    HallucinationModel model = noveltyModel();
    assertSame(model.group("context"), model.group("prompt"));
  }

  @Test
  void logProbsAreShownButOnlyCheckableEvidenceEntersTheScore() {
    Map<String, LogisticModel> groups = new java.util.LinkedHashMap<>(noveltyModel().groups());
    // log-probs: risk rises with the mean token NLL, one half at NLL 1
    groups.put("logprobs", new LogisticModel(SentenceFeatures.LOGPROBS_FEATURES, new double[] {1, 0, 0, 0},
        new double[] {0.25, 1, 1, 1}, new double[] {1, 0, 0, 0}, 0));
    HallucinationModel model = new HallucinationModel(HallucinationModel.VERSION, Map.of(), groups, Map.of());
    String response = "Zorg flew";
    List<Span> one = List.of(new Span(0, 9));
    Grounding g = GroundingSignal.compute(response, one, List.of(e(1, 0)),
        List.of(new GroundingSignal.Source(SourceRef.context("a"), new Span(0, 1), e(1, 0))), List.of("flew"), Against.CONTEXT);
    var u = UncertaintySignal.compute(response, List.of(
        new dev.glassbox.core.call.TokenLogprob("Zorg", -0.5, List.of()),
        new dev.glassbox.core.call.TokenLogprob(" flew", -0.5, List.of())), one);
    Hallucination h = HallucinationCombiner.combine(response, one, g, null, u, 0.5, model);
    double context = Vectors.sigmoid((0.5 - 0.5) / 0.1), logprobs = Vectors.sigmoid((0.5 - 1) / 0.25);
    assertEquals(context, h.sentences().get(0).signals().get("context"), 1e-4);
    assertEquals(logprobs, h.sentences().get(0).signals().get("logprobs"), 1e-4);
    assertEquals(context, h.score(), 1e-4);
    assertEquals("context", h.evidence());
  }

  @Test
  void tokenAlignmentUsesTheMostSimilarSegmentsAndStopsAfterTheSentenceCap() {
    // nine segments: eight similar to the sentence by vector, and the least similar one holding its words
    List<GroundingSignal.Source> sources = new java.util.ArrayList<>();
    for (int k = 0; k < 8; k++) {
      Encoded filler = words("unrelated filler words");
      sources.add(new GroundingSignal.Source(SourceRef.context("" + k), new Span(0, 1), new Encoded(v(1, 0), filler.tokens(), filler.pieces())));
    }
    Encoded far = words("Curie won");
    sources.add(new GroundingSignal.Source(SourceRef.context("far"), new Span(0, 1), new Encoded(v(0, 1), far.tokens(), far.pieces())));
    Encoded sentence = new Encoded(v(1, 0), words("Curie won").tokens(), words("Curie won").pieces());
    List<Span> many = new java.util.ArrayList<>();
    List<Encoded> vectors = new java.util.ArrayList<>();
    for (int i = 0; i < TokenAlignment.MAX_SENTENCES + 1; i++) {
      many.add(new Span(0, 9));
      vectors.add(sentence);
    }
    Grounding g = GroundingSignal.compute("Curie won", many, vectors, sources, List.of("Curie won"), Against.CONTEXT);
    assertEquals(0.0, g.sentences().get(0).tokenAlignment(), 1e-9, "the ninth, least similar segment is not aligned");
    assertEquals(null, g.sentences().get(TokenAlignment.MAX_SENTENCES).tokenAlignment());
    assertEquals(0.0, g.sentences().get(TokenAlignment.MAX_SENTENCES).novelty(), 1e-9, "the other views still run");
  }

  @Test
  void alignmentsFourSumDotMatchesTheDoubleDot() {
    java.util.Random random = new java.util.Random(3);
    for (int n : new int[] {1, 3, 4, 7, 384}) {
      float[] a = new float[n], b = new float[n];
      for (int i = 0; i < n; i++) {
        a[i] = (float) random.nextGaussian();
        b[i] = (float) random.nextGaussian();
      }
      assertEquals(Vectors.dot(a, b), TokenAlignment.dot(a, b), 1e-4 * n);
    }
  }
}
