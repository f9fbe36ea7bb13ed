package dev.glassbox.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.core.explanation.Explanation;
import dev.glassbox.core.json.Json;
import dev.glassbox.store.ExplanationRows.SentenceRow;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ExplanationRowsTest {

  @Test
  void aFullExplanationBecomesOneRowPerTableAndOneRowPerSentenceAndToken() throws Exception {
    Explanation e = Explanations.full("c-1", "2026-11-28T13:00:00+01:00");
    ExplanationRows rows = ExplanationRows.of(e);

    assertEquals("c-1", rows.call().callId());
    assertEquals(OffsetDateTime.of(2026, 11, 28, 12, 0, 0, 0, ZoneOffset.UTC), rows.call().ts());
    assertEquals("acme", rows.explanation().tenant());
    assertEquals(e.hallucination().score(), rows.explanation().hallucinationScore());
    assertEquals(e.grounding().score(), rows.explanation().groundingScore());
    assertEquals("context", rows.explanation().groundedAgainst());
    assertEquals(e.consistency().semanticEntropy(), rows.explanation().semanticEntropy());
    assertEquals(e.uncertainty().perplexity(), rows.explanation().perplexity());
    assertEquals(e.embedding().response().length, rows.explanation().responseEmbedding().length);

    assertEquals(2, rows.sentences().size());
    SentenceRow second = rows.sentences().get(1);
    assertEquals(1, second.idx());
    assertEquals(e.hallucination().sentences().get(1).start(), second.start());
    assertEquals(e.hallucination().sentences().get(1).score(), second.score());
    assertEquals(e.grounding().sentences().get(1).source(), second.source());
    assertEquals(e.consistency().sentences().get(1).score(), second.consistency());
    assertEquals(e.grounding().sentences().get(1).tokenAlignment(), second.tokenAlignment());
    assertEquals(Json.readTree(Json.string(e.hallucination().sentences().get(1).signals())), Json.readTree(second.signals()));
    assertEquals(java.util.Set.of("context", "samples", "logprobs"), e.hallucination().sentences().get(1).signals().keySet());
    assertEquals("context+samples", rows.explanation().evidence());
    assertEquals(e.hallucination().sentences().get(1).verdict(), second.verdict());
    assertEquals(e.hallucination().sentences().get(1).evidence(), second.evidence());
    assertNotNull(second.evidence());
    assertNotNull(second.uncertainty());
    assertEquals(4, rows.tokens().size());
    assertEquals(" Eiffel", rows.tokens().get(1).token());

    JsonNode stored = Json.readTree(rows.explanation().explanationJson());
    assertEquals("c-1", stored.get("call_id").asText());
    assertEquals(e.encoderPasses(), stored.get("encoder_passes").asInt());
    assertEquals("kb-17", Json.readTree(rows.call().contextJson()).get(0).get("id").asText());
    assertEquals(812, Json.readTree(rows.call().attributesJson()).get("latency_ms").asInt());
  }

  @Test
  void absentBlocksLeaveTheirColumnsNull() {
    ExplanationRows rows = ExplanationRows.of(Explanations.bare("c-2", "2026-11-28T12:00:00Z", "a", "Hello. Bye."));
    assertNull(rows.explanation().groundedAgainst());
    assertNull(rows.explanation().hallucinationScore());
    assertEquals("none", rows.explanation().evidence());
    assertEquals("unverifiable", rows.sentences().get(0).verdict());
    assertNull(rows.sentences().get(0).score());
    assertNull(rows.explanation().consistencyScore());
    assertNull(rows.explanation().uncertaintyScore());
    assertNull(rows.explanation().perplexity());
    assertEquals("[]", rows.call().contextJson());
    assertTrue(rows.tokens().isEmpty());
    assertEquals(2, rows.sentences().size());
    assertNull(rows.sentences().get(0).consistency());
    assertEquals(ExplanationRows.DEFAULT_TENANT, rows.explanation().tenant());
  }

  @Test
  void nulCharactersThatPostgresRefusesAreReplacedInTextAndJson() throws Exception {
    Explanation e = Explanations.bare("c-3", "2026-11-28T12:00:00Z", "a", "Bad\u0000byte.");
    ExplanationRows rows = ExplanationRows.of(e);
    assertEquals("Bad\uFFFDbyte.", rows.call().response());
    assertFalse(rows.explanation().explanationJson().contains("\\u0000"));
    assertEquals("Bad\uFFFDbyte.", Json.readTree(rows.explanation().explanationJson()).get("call").get("response")
        .asText());
  }

  @Test
  void anExplanationWithoutItsKeysIsRefusedNamingTheField() {
    Explanation e = Explanations.full("c-4", "2026-11-28T12:00:00Z");
    Explanation noApp = new Explanation(e.callId(), null, e.model(), e.tenant(), e.timestamp(), e.call(),
        e.hallucination(), e.grounding(), e.consistency(), e.uncertainty(), null, e.summary(), e.embedding(), 1);
    Explanation noId = new Explanation(" ", e.app(), e.model(), e.tenant(), e.timestamp(), e.call(),
        e.hallucination(), e.grounding(), e.consistency(), e.uncertainty(), null, e.summary(), e.embedding(), 1);
    Explanation badTime = new Explanation(e.callId(), e.app(), e.model(), e.tenant(), "yesterday", e.call(),
        e.hallucination(), e.grounding(), e.consistency(), e.uncertainty(), null, e.summary(), e.embedding(), 1);
    Explanation noRisk = new Explanation(e.callId(), e.app(), e.model(), e.tenant(), e.timestamp(), e.call(),
        null, e.grounding(), e.consistency(), e.uncertainty(), null, e.summary(), e.embedding(), 1);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ExplanationRows.of(noApp)).getMessage()
        .contains("app"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ExplanationRows.of(noId)).getMessage()
        .contains("call_id"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ExplanationRows.of(badTime)).getMessage()
        .contains("timestamp"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ExplanationRows.of(noRisk)).getMessage()
        .contains("hallucination"));
  }

  @Test
  void anExplanationWithoutItsCallViewStillStoresItsSignals() {
    Explanation e = Explanations.full("c-5", "2026-11-28T12:00:00Z");
    Explanation noView = new Explanation(e.callId(), e.app(), e.model(), e.tenant(), e.timestamp(), null,
        e.hallucination(), e.grounding(), e.consistency(), e.uncertainty(), null, e.summary(), e.embedding(), 1);
    ExplanationRows rows = ExplanationRows.of(noView);
    assertNull(rows.call().promptJson());
    assertNull(rows.call().response());
    assertEquals(2, rows.sentences().size());
  }
}
