package dev.glassbox.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.core.attribution.AttributionMethod;
import dev.glassbox.core.attribution.AttributionMode;
import dev.glassbox.core.attribution.AttributionSettings;
import dev.glassbox.core.explain.ExplainerSettings;
import dev.glassbox.core.explanation.Explanation;
import dev.glassbox.store.ResponseSegments.Segment;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CallPageTest {

  @Test
  void thePageShadesEachSentenceAndNamesItsBestSupport() {
    Explanation e = Explanations.full("c-1", "2026-11-28T12:00:00Z");
    CallPage page = CallPage.of(e);
    assertEquals(e.call().response(), page.sentences().response().stream().map(Segment::text).collect(Collectors.joining()));
    assertEquals(2, page.sentences().response().stream().filter(Segment::marked).count());
    Segment second = page.sentences().response().stream().filter(Segment::marked).toList().get(1);
    assertEquals("Bananas grow on volcanic moons.", second.text());
    assertEquals(Shading.risk(e.hallucination().sentences().get(1).score()), second.color());
    assertTrue(second.title().startsWith("unsupported, risk "), second.title());
    assertEquals("unsupported", page.sentences().details().get(1).verdict());
    assertEquals("supported", page.sentences().details().get(0).verdict());

    CallPage.SentenceDetail first = page.sentences().details().get(0);
    assertEquals("context:kb-17", first.source());
    assertEquals("The Eiffel Tower is in Paris.", first.sourceText());
    assertEquals("/api/calls/c-1?tenant=acme", page.header().jsonUrl());
  }

  @Test
  void tokensAreShadedByOneMinusTheirProbability() {
    Explanation e = Explanations.full("c-1", "2026-11-28T12:00:00Z");
    CallPage page = CallPage.of(e);
    assertTrue(page.hasTokens());
    assertEquals(e.call().response(), page.tokens().response().stream().map(Segment::text).collect(Collectors.joining()));
    Segment bananas = page.tokens().response().stream().filter(t -> t.text().equals("Bananas")).findFirst().orElseThrow();
    assertEquals(Shading.risk(1 - Math.exp(-3.0)), bananas.color());
    assertFalse(page.tokens().metrics().isEmpty());
  }

  @Test
  void aCallWithNothingToCheckAgainstShowsNoRiskAndUnverifiableSentences() {
    CallPage page = CallPage.of(Explanations.bare("c-2", "2026-11-28T12:00:00Z", "a", "Hello there."));
    assertFalse(page.hasTokens());
    assertTrue(page.tokens().metrics().isEmpty());
    assertEquals("", page.sentences().details().get(0).source());
    assertEquals("unverifiable", page.sentences().details().get(0).verdict());
    assertEquals("not checkable", page.header().hallucinationScore());
    assertEquals(Shading.UNKNOWN, page.header().hallucinationColor());
    assertEquals("none", page.header().evidence());
    assertFalse(page.header().flagged());
  }

  @Test
  void attributionIsDrawnAsBarsPerSentenceWithTheTopSegmentsWordsShaded() {
    String call = """
        {"id": "c-a", "timestamp": "2026-11-28T12:00:00Z", "app": "a", "model": "m",
         "prompt": "Where is the Eiffel Tower and when was it finished?",
         "response": "The Eiffel Tower is in Paris. It was finished in 1889.",
         "context": [{"id": "kb-1", "text": "The Eiffel Tower stands in Paris, France."},
                     {"id": "kb-2", "text": "Construction of the tower was finished in 1889."},
                     {"id": "kb-3", "text": "Bananas are rich in potassium."}]}
        """;
    Explanation e = Explanations.explain(call, new ExplainerSettings(0.5, true,
        AttributionSettings.DEFAULT.withMode(AttributionMode.ALL).withMethod(AttributionMethod.LEAVE_ONE_OUT)));
    CallPage page = CallPage.of(e);
    assertTrue(page.hasAttribution());
    assertEquals("leave-one-out", page.attribution().method());
    assertEquals(2, page.attribution().sentences().size());
    for (CallPage.SentenceAttributionView v : page.attribution().sentences()) {
      assertFalse(v.segments().isEmpty());
      assertEquals(100, v.segments().stream().mapToInt(CallPage.SegmentBar::widthPercent).max().orElseThrow(),
          "the strongest segment has the full bar");
      for (CallPage.SegmentBar b : v.segments()) {
        assertTrue(e.call().context().stream().anyMatch(p -> ("context:" + p.id()).equals(b.source())
            && p.text().contains(b.text())) || b.source().startsWith("prompt:"), b.toString());
      }
    }
    assertEquals("context:kb-1", page.attribution().sentences().get(0).segments().get(0).source(), "Paris comes from kb-1");
    assertEquals("context:kb-2", page.attribution().sentences().get(1).segments().get(0).source(), "1889 comes from kb-2");
    Explanation.Segment top = e.attribution().segments().get(0);
    String topText = e.call().context().stream().filter(p -> top.source().equals("context:" + p.id())).findFirst()
        .orElseThrow().text().substring(top.start(), top.end());
    assertEquals(topText, page.attribution().occlusion().stream().map(Segment::text).collect(Collectors.joining()));
    assertTrue(page.attribution().occlusion().stream().anyMatch(Segment::marked));
    assertTrue(page.attribution().metrics().stream().anyMatch(m -> m.name().equals("comprehensiveness")));
    assertFalse(CallPage.of(e.withAttribution(null)).hasAttribution());

    // The attention view: the top segment of sentence 1 with its words shaded by their share.
    assertTrue(page.attribution().attention().isEmpty(), "the hashing encoder has no attention");
    Explanation.Segment s1 = e.attribution().sentences().get(0).segments().get(0);
    String kb1 = "The Eiffel Tower stands in Paris, France.";
    int paris = kb1.indexOf("Paris");
    Explanation.AttentionView view = new Explanation.AttentionView(0, 29, s1.source(), s1.start(), s1.end(),
        List.of(new Explanation.TokenScore(s1.source(), paris, paris + 5, "Paris", 0.6),
            new Explanation.TokenScore(s1.source(), 0, 3, "The", 0.4)));
    CallPage withAttention = CallPage.of(e.withAttribution(e.attribution().withAttention(List.of(view))));
    CallPage.AttentionRowView row = withAttention.attribution().attention().get(0);
    assertEquals("The Eiffel Tower is in Paris.", row.sentence());
    assertEquals(kb1, row.words().stream().map(Segment::text).collect(Collectors.joining()));
    Segment parisMark = row.words().stream().filter(w -> w.text().equals("Paris")).findFirst().orElseThrow();
    assertEquals(Shading.risk(1.0), parisMark.color(), "the largest share is darkest");
  }

  @Test
  void theChainOfThoughtAndTheDemonstrationsGetAPromptingSection() {
    Explanation e = Explanations.explain("""
        {"id":"cot","timestamp":"2026-11-28T12:00:00Z","app":"a","model":"m",
         "prompt":[{"role":"user","content":"Q: Ann has 2 pens and buys 3. How many?\\nA: 2 + 3 = 5 pens.\\nAnswer: 5\\n\\nQ: Tom has 16 eggs and eats 3. How many are left?\\nA:"}],
         "response":"Tom has 16 - 3 = 14 eggs left.\\nAnswer: 14"}
        """);
    CallPage.PromptingView p = CallPage.of(e).prompting();
    assertTrue(p.shown());
    assertEquals("demo:0", p.demonstrations().get(0).source());
    assertEquals("miscalculated", p.steps().get(0).verdict());
    assertEquals("Tom has 16 - 3 = 14 eggs left.", p.steps().get(0).text());
    assertEquals("14", p.answer());
    assertEquals("follows from the last step", p.answerVerdict());
    assertFalse(CallPage.of(Explanations.bare("c-2", "2026-11-28T12:00:00Z", "a", "Hello there.")).prompting().shown());
  }
}
