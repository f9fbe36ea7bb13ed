package dev.glassbox.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.core.explain.Explanation;
import dev.glassbox.store.ResponseSegments.Segment;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CallPageTest {

  @Test
  void thePageShadesEachSentenceAndNamesItsBestSupport() {
    Explanation e = Explanations.full("c-1", "2026-11-28T12:00:00Z");
    CallPage page = CallPage.of(e);
    assertEquals(e.call().response(), page.sentences().stream().map(Segment::text).collect(Collectors.joining()));
    assertEquals(2, page.sentences().stream().filter(Segment::marked).count());
    Segment second = page.sentences().stream().filter(Segment::marked).toList().get(1);
    assertEquals("Bananas grow on volcanic moons.", second.text());
    assertEquals(Shading.risk(e.hallucination().sentences().get(1).score()), second.color());
    assertTrue(second.title().startsWith("risk "), second.title());

    CallPage.SentenceDetail first = page.sentenceDetails().get(0);
    assertEquals("context:kb-17", first.source());
    assertEquals("The Eiffel Tower is in Paris.", first.sourceText());
    assertEquals("/api/calls/c-1", page.jsonUrl());
  }

  @Test
  void tokensAreShadedByOneMinusTheirProbability() {
    Explanation e = Explanations.full("c-1", "2026-11-28T12:00:00Z");
    CallPage page = CallPage.of(e);
    assertTrue(page.hasTokens());
    assertEquals(e.call().response(), page.tokens().stream().map(Segment::text).collect(Collectors.joining()));
    Segment bananas = page.tokens().stream().filter(t -> t.text().equals("Bananas")).findFirst().orElseThrow();
    assertEquals(Shading.risk(1 - Math.exp(-3.0)), bananas.color());
    assertFalse(page.uncertainty().isEmpty());
  }

  @Test
  void aCallWithoutLogprobsHasNoTokenView() {
    CallPage page = CallPage.of(Explanations.bare("c-2", "2026-11-28T12:00:00Z", "a", "Hello there."));
    assertFalse(page.hasTokens());
    assertTrue(page.uncertainty().isEmpty());
    assertEquals("prompt:0", page.sentenceDetails().get(0).source());
  }
}
