package dev.glassbox.core.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.core.call.Call;
import dev.glassbox.core.call.CallCodec;
import dev.glassbox.core.explanation.Explanation;
import dev.glassbox.core.explanation.Explanation.SentenceRisk;
import dev.glassbox.core.explanation.ExplanationCodec;
import dev.glassbox.core.signal.HallucinationModel;
import dev.glassbox.core.signal.LogisticModel;
import dev.glassbox.core.signal.SentenceFeatures;
import dev.glassbox.core.signal.VerifierSignal;
import dev.glassbox.core.verify.CachedVerifier;
import dev.glassbox.core.verify.FakeVerifier;
import dev.glassbox.core.verify.Verdict;
import dev.glassbox.core.verify.Verifier.Pair;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallExplainerVerifierTest {

  private static final Verdict SUPPORTS = new Verdict(0.9, 0.05, 0.05);
  private static final Verdict CONTRADICTS = new Verdict(0.05, 0.9, 0.05);
  private static final Verdict UNSURE = new Verdict(0.4, 0.3, 0.3);

  /** The verifier contradicts a claim of 1999 against evidence saying 1889, and supports everything else. */
  private final FakeVerifier years = new FakeVerifier(
      p -> p.claim().contains("1999") && p.evidence().contains("1889") ? CONTRADICTS : SUPPORTS);

  private static Call call(String json) {
    CallCodec.Decoded d = new CallCodec().decode(json);
    assertTrue(d.isValid(), d.reason());
    return d.call();
  }

  private static final Call DATED = call("""
      {"id":"d","timestamp":"2026-11-28T12:00:00Z","app":"a","model":"m","prompt":"When was the tower finished?",
       "response":"The Eiffel Tower opened in Paris. It was completed in 1999.",
       "context":[{"id":"kb-1","text":"The Eiffel Tower was completed in 1889. It opened in Paris."},
                  {"id":"kb-2","text":"Bananas are yellow. Moons orbit planets. Rivers flow downhill."}]}
      """);

  private static Call sampled(String id, int samples) {
    StringBuilder s = new StringBuilder();
    for (int k = 0; k < samples; k++) s.append(k == 0 ? "" : ",").append("\"The tower was completed in 1889, sample ").append(k).append(".\"");
    return call("{\"id\":\"" + id + "\",\"timestamp\":\"2026-11-28T12:00:00Z\",\"app\":\"a\",\"model\":\"m\","
        + "\"prompt\":\"When was the tower finished?\",\"response\":\"It opened in Paris. It was completed in 1999.\","
        + "\"samples\":[" + s + "]}");
  }

  /** A model whose context and samples risks read the verifier's P(contradicted) alone: sigmoid(10 x − 5). */
  private static HallucinationModel verifierOnly() {
    Map<String, LogisticModel> groups = new LinkedHashMap<>();
    for (String g : SentenceFeatures.GROUPS) {
      List<String> names = SentenceFeatures.namesWithVerifier(g);
      int d = names.size();
      double[] ones = new double[d];
      java.util.Arrays.fill(ones, 1);
      double[] w = new double[d];
      if (!SentenceFeatures.LOGPROBS.equals(g)) w[d - 1] = 10;
      groups.put(g, new LogisticModel(names, new double[d], ones, w, -5));
    }
    return new HallucinationModel(HallucinationModel.VERSION, Map.of(), groups, Map.of());
  }

  private static CallExplainer explainer(HallucinationModel model, dev.glassbox.core.verify.Verifier verifier) {
    return new CallExplainer(new HashingEncoder(), ExplainerSettings.DEFAULT, model, verifier);
  }

  @Test
  void aSentenceTheVerifierIsSureContradictsItsSourceIsContradictedWithACheckableReason() {
    Explanation e = explainer(verifierOnly(), years).explain(DATED);
    SentenceRisk opened = e.hallucination().sentences().get(0), completed = e.hallucination().sentences().get(1);
    assertEquals("supported", opened.verdict());
    assertEquals("contradicted", completed.verdict());
    assertEquals("context:kb-1", completed.evidence());
    assertEquals("contradicted by the context (risk 0.98): the verifier gives P(contradicted) 0.90 against context:kb-1,"
        + " '1999' where the source says '1889'", completed.reason());
    assertEquals(0.9, completed.signals().get("context.verifier_contradicted"), 1e-9);
    assertEquals(0.95, completed.signals().get("context.verifier_not_supported"), 1e-9);
  }

  @Test
  void theFeaturesAreTheVerifiersProbabilitiesSoTheScoreFollowsThem() {
    Explanation e = explainer(verifierOnly(), years).explain(DATED);
    double sigmoid4 = 1 / (1 + Math.exp(-4)), sigmoidMinus45 = 1 / (1 + Math.exp(4.5));
    assertEquals(sigmoid4, e.hallucination().sentences().get(1).signals().get("context"), 1e-4);
    assertEquals(sigmoidMinus45, e.hallucination().sentences().get(0).signals().get("context"), 1e-4);
  }

  @Test
  void againstSamplesTheFeaturesAreMeansOverTheSamples() {
    FakeVerifier half = new FakeVerifier(p -> p.evidence().contains("sample 0") ? CONTRADICTS : UNSURE);
    Explanation e = explainer(verifierOnly(), half).explain(sampled("s", 2));
    Map<String, Double> signals = e.hallucination().sentences().get(1).signals();
    assertEquals((0.9 + 0.3) / 2, signals.get("samples.verifier_contradicted"), 1e-9);
    assertEquals(1 - (0.05 + 0.4) / 2, signals.get("samples.verifier_not_supported"), 1e-9);
    // mean P(contradicted) 0.6: not sure enough to decide the verdict class
    assertEquals("unsupported", e.hallucination().sentences().get(1).verdict());
  }

  @Test
  void samplesThatAllContradictASentenceMakeItContradictedByTheSamples() {
    Explanation e = explainer(verifierOnly(), years).explain(sampled("s", 3));
    SentenceRisk completed = e.hallucination().sentences().get(1);
    assertEquals("contradicted", completed.verdict());
    assertEquals("samples", completed.evidence());
    assertTrue(completed.reason().startsWith("contradicted by the samples (risk 0.98): the verifier gives mean"
        + " P(contradicted) 0.90 over the samples"), completed.reason());
  }

  @Test
  void pairsAreCappedPerSentenceAndEveryPairOfABatchGoesToTheVerifierInOneCall() {
    explainer(verifierOnly(), years).explainAll(List.of(DATED, sampled("s1", 7), sampled("s2", 1)));
    assertEquals(1, years.calls().size());
    int topSegments = VerifierSignal.TOP_SEGMENTS, samples = VerifierSignal.MAX_SAMPLES;
    assertEquals(2 * topSegments + 2 * samples + 2 * 1, years.calls().get(0).size());
  }

  @Test
  void aSentenceQuotedVerbatimFromASourceIsNotVerifiedAgainstTheSources() {
    Call quoted = call("""
        {"id":"q","timestamp":"2026-11-28T12:00:00Z","app":"a","model":"m","prompt":"Where did it open?",
         "response":"It opened in Paris. It was completed in 1999.",
         "context":[{"id":"kb-1","text":"The Eiffel Tower was completed in 1889. It opened in Paris."}]}
        """);
    Explanation e = explainer(verifierOnly(), years).explain(quoted);
    assertTrue(years.calls().get(0).stream().noneMatch(p -> p.claim().equals("It opened in Paris.")));
    assertFalse(e.hallucination().sentences().get(0).signals().containsKey("context.verifier_contradicted"));
    assertTrue(e.hallucination().sentences().get(1).signals().containsKey("context.verifier_contradicted"));
  }

  @Test
  void theVerifierReadsTheClosestSegmentsWithTheirNeighbouringSentences() {
    explainer(verifierOnly(), years).explain(DATED);
    List<Pair> pairs = years.calls().get(0);
    assertTrue(pairs.contains(new Pair("The Eiffel Tower was completed in 1889. It opened in Paris.",
        "It was completed in 1999.")), pairs.toString());
    assertFalse(pairs.stream().anyMatch(p -> p.evidence().contains("Rivers")), pairs.toString());
  }

  @Test
  void aCallExplainedAgainIsVerifiedFromTheCache() {
    CallExplainer cached = explainer(verifierOnly(), new CachedVerifier(years, 100));
    Explanation first = cached.explain(DATED);
    Explanation again = cached.explain(DATED);
    assertEquals(1, years.calls().size());
    assertEquals(withoutTime(first), withoutTime(again));
  }

  @Test
  void withoutAVerifierTheExplanationIsExactlyTheOneOfTheCheapSignals() {
    HallucinationModel bundled = HallucinationModel.bundled();
    Explanation plain = new CallExplainer(new HashingEncoder(), ExplainerSettings.DEFAULT, bundled).explain(DATED);
    Explanation off = explainer(bundled, null).explain(DATED);
    assertEquals(withoutTime(plain), withoutTime(off));
  }

  @Test
  void aModelTrainedWithoutVerifierFeaturesScoresTheSameWithTheVerifierOn() {
    HallucinationModel bundled = HallucinationModel.bundled();
    FakeVerifier unsure = new FakeVerifier(p -> UNSURE);
    Explanation off = explainer(bundled, null).explain(DATED);
    Explanation on = explainer(bundled, unsure).explain(DATED);
    for (int i = 0; i < 2; i++) {
      SentenceRisk a = off.hallucination().sentences().get(i), b = on.hallucination().sentences().get(i);
      assertEquals(a.score(), b.score());
      assertEquals(a.verdict(), b.verdict());
      assertEquals(a.reason(), b.reason());
      assertEquals(0.6, b.signals().get("context.verifier_not_supported"), 1e-9);
    }
  }

  /** The explanation's JSON without its provenance, which is stamped with the time it was made. */
  private static String withoutTime(Explanation e) {
    return ExplanationCodec.encodeString(e.withProvenance(null));
  }

  @Test
  void anAttributionOfTheVerifiersTargetFollowsWhatEntailsTheSentence() {
    // The verifier says only kb-2's banana sentence entails anything: the attribution must follow it, not the vectors.
    FakeVerifier bananas = new FakeVerifier(p -> p.evidence().contains("Bananas") ? SUPPORTS : UNSURE);
    ExplainerSettings s = new ExplainerSettings(0.5, false, dev.glassbox.core.attribution.AttributionSettings.DEFAULT
        .withMode(dev.glassbox.core.attribution.AttributionMode.ALL)
        .withTarget(dev.glassbox.core.attribution.AttributionTarget.VERIFIER));
    Explanation.Attribution a = new CallExplainer(new HashingEncoder(), s, verifierOnly(), bananas).explain(DATED)
        .attribution();
    assertEquals("verifier", a.target());
    assertEquals("context:kb-2", a.segments().get(0).source());
  }

  @Test
  void theVerifiersTargetWithoutAVerifierIsRefusedAtConstruction() {
    ExplainerSettings s = new ExplainerSettings(0.5, false, dev.glassbox.core.attribution.AttributionSettings.DEFAULT
        .withTarget(dev.glassbox.core.attribution.AttributionTarget.VERIFIER));
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new CallExplainer(new HashingEncoder(), s, verifierOnly(), null));
    assertTrue(e.getMessage().contains("attribution target verifier"), e.getMessage());
  }
}
