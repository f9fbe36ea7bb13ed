package dev.glassbox.core.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.core.attribution.AttributionMode;
import dev.glassbox.core.attribution.AttributionSettings;
import dev.glassbox.core.call.Call;
import dev.glassbox.core.call.CallCodec;
import dev.glassbox.core.encode.AttentionEncoder;
import dev.glassbox.core.explanation.Explanation;
import dev.glassbox.core.explanation.ExplanationCodec;
import dev.glassbox.core.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallExplainerTest {

  private final CallCodec codec = new CallCodec();

  private Call call(String json) {
    CallCodec.Decoded d = codec.decode(json);
    assertTrue(d.isValid(), d.reason());
    return d.call();
  }

  private static final String GROUNDED = """
      {"id":"g","timestamp":"2026-11-28T12:00:00Z","app":"a","model":"m","prompt":"Where is the Eiffel Tower?",
       "response":"The Eiffel Tower is in Paris. Bananas grow on volcanic moons.",
       "context":[{"id":"kb-17","text":"History of Paris. The Eiffel Tower is in Paris."}]}
      """;

  @Test
  void groundedSentencesAreSupportedAndUnsupportedOnesFlagged() throws Exception {
    HashingEncoder encoder = new HashingEncoder();
    Explanation e = new CallExplainer(encoder, ExplainerSettings.DEFAULT).explain(call(GROUNDED));
    assertEquals("context", e.grounding().against());
    assertEquals(1.0, e.grounding().sentences().get(0).support(), 1e-4);
    assertEquals(List.of("Bananas"), e.grounding().sentences().get(1).unsupportedTerms().subList(0, 1));
    assertEquals("context:kb-17", e.grounding().sentences().get(0).source());
    assertEquals(18, e.grounding().sentences().get(0).sourceStart());
    assertTrue(e.hallucination().sentences().get(1).score() > 0.5);
    assertTrue(e.hallucination().sentences().get(0).score() < 0.5);
    assertNull(e.consistency());
    assertNull(e.uncertainty());
    assertTrue(e.summary().contains("sentence 2"), e.summary());
    // Flagged, so attributed: one pass for the signals, one for the prompt segments of the attribution.
    assertTrue(e.hallucination().flagged());
    assertNotNull(e.attribution());
    assertEquals(2, encoder.calls());
    JsonNode json = Json.mapper().readTree(ExplanationCodec.encode(e));
    assertEquals("g", json.get("call_id").asText());
    assertTrue(json.get("consistency").isNull());
    assertEquals(2, json.at("/hallucination/sentences").size());
    // token vectors align every word of the quoted sentence and few of the made-up one
    assertEquals(1.0, e.grounding().sentences().get(0).tokenAlignment(), 1e-4);
    assertTrue(e.grounding().sentences().get(1).tokenAlignment() < 0.5);
    assertTrue(json.at("/grounding/sentences/0/token_alignment").isNumber());
    assertTrue(json.at("/hallucination/sentences/1/signals/context").asDouble() > 0.5);
    assertTrue(e.hallucination().sentences().get(1).reason().contains("Bananas"), e.hallucination().sentences().get(1).reason());
  }

  @Test
  void flaggedCallsGetAnAttributionOverContextAndPromptSegmentsSortedByScore() {
    HashingEncoder encoder = new HashingEncoder();
    Explanation e = new CallExplainer(encoder, ExplainerSettings.DEFAULT).explain(call(GROUNDED));
    assertTrue(e.hallucination().flagged() || e.attribution() == null);
    Explanation all = new CallExplainer(encoder, new ExplainerSettings(0.5, true,
        AttributionSettings.DEFAULT.withMode(AttributionMode.ALL))).explain(call(GROUNDED));
    Explanation.Attribution a = all.attribution();
    assertNotNull(a);
    assertEquals("contextcite", a.method());
    assertEquals("context:kb-17", a.segments().get(0).source());
    assertTrue(a.segments().stream().anyMatch(s -> s.source().equals("prompt:0")));
    for (int i = 1; i < a.segments().size(); i++) assertTrue(a.segments().get(i - 1).score() >= a.segments().get(i).score());
    assertEquals(1, a.encoderPasses());
    assertNull(new CallExplainer(encoder, new ExplainerSettings(0.5, true, AttributionSettings.DEFAULT.withMode(AttributionMode.OFF)))
        .explain(call(GROUNDED)).attribution());
  }

  /** The hashing encoder with an attention in which every token attends to the first token of the first text. */
  private static final class FirstWordAttention implements AttentionEncoder {
    final HashingEncoder inner = new HashingEncoder();
    final List<String[]> pairs = new java.util.ArrayList<>();

    public String modelName() {
      return inner.modelName();
    }

    public int dimension() {
      return inner.dimension();
    }

    public float[][] embed(List<String> texts) {
      return inner.embed(texts);
    }

    @Override
    public Encoded[] encode(List<String> texts, boolean[] withTokens) {
      return inner.encode(texts, withTokens);
    }

    public Joint attend(String first, String second) {
      pairs.add(new String[] {first, second});
      // [CLS] w1 w2 ... [SEP] s1 [SEP]: the first text's words as tokens, the second text as one token.
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\S+").matcher(first);
      List<dev.glassbox.core.text.Span> spans = new java.util.ArrayList<>();
      spans.add(new dev.glassbox.core.text.Span(0, 0));
      while (m.find()) spans.add(new dev.glassbox.core.text.Span(m.start(), m.end()));
      spans.add(new dev.glassbox.core.text.Span(0, 0));
      spans.add(new dev.glassbox.core.text.Span(0, second.length()));
      spans.add(new dev.glassbox.core.text.Span(0, 0));
      int n = spans.size();
      int[] part = new int[n];
      for (int t = 1; t < n - 3; t++) part[t] = 1;
      part[n - 2] = 2;
      float[][] layer = new float[n][n];
      for (int i = 0; i < n; i++) layer[i][1] = 1;
      return new Joint(new float[][][] {layer}, part, spans);
    }
  }

  @Test
  void anEncoderWithAttentionAddsTheRolloutFromEachSentenceToItsTopSegmentsWords() {
    FirstWordAttention encoder = new FirstWordAttention();
    Explanation e = new CallExplainer(encoder, new ExplainerSettings(0.5, true,
        AttributionSettings.DEFAULT.withMode(AttributionMode.ALL))).explain(call(GROUNDED));
    Explanation.Attribution a = e.attribution();
    assertEquals(2, a.attention().size(), "one view per response sentence");
    assertEquals(2, encoder.pairs.size());
    Explanation.AttentionView v = a.attention().get(0);
    assertEquals(a.sentences().get(0).segments().get(0).source(), v.source());
    assertEquals("The Eiffel Tower is in Paris.", e.call().response().substring(v.start(), v.end()));
    String source = e.call().context().get(0).text();
    Explanation.TokenScore first = v.words().get(0);
    assertEquals(first.token(), source.substring(first.start(), first.end()), "word offsets are inside the source");
    assertEquals(1.0, first.score(), 1e-9, "all attention flows to the first word");
    assertEquals(1 + 2, a.encoderPasses(), "one prompt-segment pass and one attention pass per sentence");
  }

  @Test
  void allCallsOfABatchShareOneEncoderPassAndRepeatedTextsAreEmbeddedOnce() {
    HashingEncoder encoder = new HashingEncoder();
    Call c = call(GROUNDED);
    ExplainerSettings noAttribution = new ExplainerSettings(0.5, true, AttributionSettings.DEFAULT.withMode(AttributionMode.OFF));
    List<Explanation> out = new CallExplainer(encoder, noAttribution).explainAll(List.of(c, c, c));
    assertEquals(3, out.size());
    assertEquals(1, encoder.calls());
    assertEquals(out.get(0).encoderPasses(), encoder.texts());
  }

  @Test
  void samplesGiveConsistencyAndABareQuestionIsNoGrounding() {
    Call c = call("""
        {"id":"s","timestamp":"2026-11-28T12:00:00Z","app":"a","model":"m","prompt":"Tell me about Ada Lovelace.",
         "response":"Ada Lovelace wrote the first program. She was born on Mars.",
         "samples":["Ada Lovelace wrote the first program.","Lovelace wrote the first program for the engine."]}
        """);
    Explanation e = new CallExplainer(new HashingEncoder(), ExplainerSettings.DEFAULT).explain(c);
    assertNotNull(e.consistency());
    assertNull(e.grounding());
    assertEquals("samples", e.hallucination().evidence());
    assertEquals("samples", e.hallucination().sentences().get(1).evidence());
    assertTrue(e.consistency().sentences().get(1).score() > e.consistency().sentences().get(0).score());
    assertNotNull(e.embedding());
    assertEquals(HashingEncoder.DIMENSION, e.embedding().response().length);
  }

  @Test
  void aCallWithNothingToCheckAgainstHasNoScoreIsNotFlaggedAndSaysWhatToLog() throws Exception {
    Call c = call("""
        {"id":"n","timestamp":"2026-11-28T12:00:00Z","app":"a","model":"m","prompt":"Who built the Eiffel Tower?",
         "response":"Gustave Eiffel's company built it in 1889. It was painted gold."}
        """);
    Explanation e = new CallExplainer(new HashingEncoder(), ExplainerSettings.DEFAULT).explain(c);
    assertNull(e.hallucination().score());
    assertFalse(e.hallucination().flagged());
    assertEquals("none", e.hallucination().evidence());
    assertNull(e.grounding());
    for (Explanation.SentenceRisk r : e.hallucination().sentences()) {
      assertEquals("unverifiable", r.verdict());
      assertNull(r.score());
      assertNull(r.evidence());
    }
    assertTrue(e.summary().contains("Not checkable, not flagged"), e.summary());
    assertTrue(e.summary().contains("log the retrieved context"), e.summary());
    JsonNode json = Json.mapper().readTree(ExplanationCodec.encode(e));
    assertTrue(json.at("/hallucination/score").isNull());
    assertEquals("none", json.at("/hallucination/evidence").asText());
  }

  @Test
  void aChainOfThoughtIsCheckedByItsReasoningAndItsBlockSurvivesTheCodec() {
    Call c = call("""
        {"id":"cot","timestamp":"2026-11-28T12:00:00Z","app":"a","model":"m",
         "prompt":[{"role":"user","content":"Q: Ann has 2 pens and buys 3. How many?\\nA: 2 + 3 = 5 pens.\\nAnswer: 5\\n\\nQ: Tom has 16 eggs and eats 3. How many are left?\\nA:"}],
         "response":"Tom has 16 - 3 = 14 eggs left.\\nAnswer: 14"}
        """);
    Explanation e = new CallExplainer(new HashingEncoder(), ExplainerSettings.DEFAULT).explain(c);
    assertEquals("reasoning", e.hallucination().evidence());
    assertNotNull(e.hallucination().score());
    Explanation.Prompting p = ExplanationCodec.decode(ExplanationCodec.encode(e)).prompting();
    assertEquals(e.prompting(), p);
    assertEquals(1, p.demonstrations().size());
    assertEquals("miscalculated", p.reasoning().steps().get(0).verdict());
    assertEquals(14.0, p.reasoning().answer().value());
  }

  @Test
  void logProbsAloneGiveUncertaintyButNoScore() {
    Call c = call("""
        {"id":"l","timestamp":"2026-11-28T12:00:00Z","app":"a","model":"m","prompt":"Capital of France?",
         "response":"Lyon.","logprobs":[{"token":"Lyon","logprob":-2.5},{"token":".","logprob":-0.1}]}
        """);
    Explanation e = new CallExplainer(new HashingEncoder(), ExplainerSettings.DEFAULT).explain(c);
    assertNotNull(e.uncertainty());
    assertEquals("logprobs", e.hallucination().evidence());
    assertNull(e.hallucination().score());
    assertFalse(e.hallucination().flagged());
    assertEquals("unverifiable", e.hallucination().sentences().get(0).verdict());
    assertNotNull(e.hallucination().sentences().get(0).signals().get("logprobs"));
  }

  @Test
  void aSourceInThePromptGivesTheSameVerdictsAsTheSameSourceLoggedAsContext() {
    String context = """
        {"id":"g","timestamp":"2026-11-28T12:00:00Z","app":"a","model":"m",
         "prompt":[{"role":"user","content":"Where is the Eiffel Tower?"}],
         "response":"The Eiffel Tower is in Paris. Bananas grow on volcanic moons.",
         "context":[{"id":"kb-17","text":"History of Paris. The Eiffel Tower is in Paris, the capital city of France."}]}
        """;
    Call withContext = call(context);
    Explanation a = new CallExplainer(new HashingEncoder(), ExplainerSettings.DEFAULT).explain(withContext);
    Explanation b = new CallExplainer(new HashingEncoder(), ExplainerSettings.DEFAULT)
        .explain(dev.glassbox.core.eval.Variants.sourceInPrompt(withContext));
    assertEquals("context", a.hallucination().evidence());
    assertEquals("prompt", b.hallucination().evidence());
    assertEquals(a.hallucination().score(), b.hallucination().score(), 1e-9);
    for (int i = 0; i < 2; i++) {
      assertEquals(a.hallucination().sentences().get(i).verdict(), b.hallucination().sentences().get(i).verdict());
      assertTrue(b.hallucination().sentences().get(i).evidence().startsWith("prompt:"));
    }
    assertEquals("supported", a.hallucination().sentences().get(0).verdict());
    assertEquals("unsupported", a.hallucination().sentences().get(1).verdict());
  }

  @Test
  void aSentenceWhoseReasonSaysItIsSupportedIsCalledSupported() {
    // The issue's own example: every word of the sentence is in the passage.
    Call c = call("""
        {"id":"e","timestamp":"2026-11-28T12:00:00Z","app":"a","model":"m","prompt":"Where is the Eiffel Tower?",
         "response":"The Eiffel Tower is in Paris.",
         "context":[{"id":"p","text":"The Eiffel Tower stands in Paris, France."}]}
        """);
    Explanation e = new CallExplainer(new HashingEncoder(), ExplainerSettings.DEFAULT).explain(c);
    Explanation.SentenceRisk r = e.hallucination().sentences().get(0);
    assertEquals("supported", r.verdict(), r.reason());
    assertTrue(r.reason().startsWith("supported by the context"), r.reason());
    assertFalse(e.hallucination().flagged());
    for (Explanation.SentenceRisk s : e.hallucination().sentences()) {
      boolean saysSupported = s.reason().startsWith("supported");
      assertEquals(saysSupported, "supported".equals(s.verdict()), s.reason());
    }
  }

  @Test
  void explanationsRoundTripThroughJson() {
    Explanation e = new CallExplainer(new HashingEncoder(), new ExplainerSettings(0.5, false)).explain(call(GROUNDED));
    Explanation back = ExplanationCodec.decode(ExplanationCodec.encode(e));
    assertEquals(e.hallucination(), back.hallucination());
    assertEquals(e.grounding(), back.grounding());
    assertEquals(e.call(), back.call());
    assertNull(back.embedding());
    assertFalse(back.summary().isEmpty());
  }
}
