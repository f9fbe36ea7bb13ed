package dev.glassbox.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.core.call.Call;
import dev.glassbox.core.call.CallCodec;
import dev.glassbox.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallExportTest {

  static final String EXPLANATION = "{\"call_id\":\"c-1\",\"app\":\"bot\",\"model\":\"m\",\"tenant\":\"acme\","
      + "\"timestamp\":\"2026-01-02T03:04:05Z\",\"call\":{\"prompt\":[{\"role\":\"user\",\"content\":\"Mail [EMAIL]?\"}],"
      + "\"response\":\"Paris is in France.\",\"context\":[{\"id\":\"kb\",\"text\":\"Paris, France\"}],"
      + "\"samples\":null,\"attributes\":{\"user\":\"[EMAIL]\"}},"
      + "\"hallucination\":{\"score\":0.8,\"flagged\":true,\"sentences\":[{\"start\":0,\"end\":19}]}}";

  private static String verdict(String verdict) {
    return "{\"reviewer\":\"rita\",\"verdict\":\"" + verdict + "\",\"sentences\":null,\"note\":null,"
        + "\"created_at\":\"2026-01-03T00:00:00Z\"}";
  }

  private static Call readBack(byte[] line) {
    CallCodec.Decoded d = new CallCodec().decode(line);
    assertEquals(java.util.List.of(), d.errors());
    return d.call();
  }

  @Test
  void aLineIsACallV1ThatTheCallReaderReadsAsStored() {
    Call c = readBack(CallExport.line("acme", "c-1", EXPLANATION, null));
    assertEquals("c-1", c.id());
    assertEquals("acme", c.tenant());
    assertEquals(Instant.parse("2026-01-02T03:04:05Z"), c.timestamp());
    assertEquals("Mail [EMAIL]?", c.prompt().get(0).content());
    assertEquals("Paris is in France.", c.response());
    assertEquals("Paris, France", c.context().get(0).text());
    assertEquals(Map.of("user", "[EMAIL]"), c.attributes());
    assertFalse(c.labels().containsKey("hallucinated"));
  }

  @Test
  void theLatestVerdictIsTheLabelAndUnsureGivesNone() {
    String hallucinatedThenCorrect = "[" + verdict("hallucinated") + "," + verdict("correct") + "]";
    assertEquals(false, readBack(CallExport.line("acme", "c-1", EXPLANATION, hallucinatedThenCorrect)).labels()
        .get("hallucinated"));
    assertEquals(true, readBack(CallExport.line("acme", "c-1", EXPLANATION, "[" + verdict("hallucinated") + "]"))
        .labels().get("hallucinated"));
    String thenUnsure = "[" + verdict("hallucinated") + "," + verdict("unsure") + "]";
    assertFalse(readBack(CallExport.line("acme", "c-1", EXPLANATION, thenUnsure)).labels().containsKey("hallucinated"));
  }

  @Test
  void theLatestVerdictsSentenceVerdictsBecomeSentenceLabelsByIndexOrOffsets() {
    String sentences = "{\"reviewer\":\"rita\",\"verdict\":\"hallucinated\",\"sentences\":[{\"index\":0,"
        + "\"verdict\":\"hallucinated\"},{\"start\":5,\"end\":9,\"verdict\":\"correct\"},"
        + "{\"index\":1,\"verdict\":\"hallucinated\"},{\"index\":0,\"verdict\":\"unsure\"}]}";
    Call c = readBack(CallExport.line("acme", "c-1", EXPLANATION, "[" + sentences + "]"));
    assertEquals(java.util.List.of(Map.of("start", 0, "end", 19, "hallucinated", true),
        Map.of("start", 5, "end", 9, "hallucinated", false)), c.labels().get("sentences"),
        "index 1 names no explained sentence and unsure gives no label");
    Call older = readBack(CallExport.line("acme", "c-1", EXPLANATION, "[" + sentences + "," + verdict("correct") + "]"));
    assertFalse(older.labels().containsKey("sentences"), "a newer verdict without sentences supersedes them");
  }

  @Test
  void theExplanationAndEveryVerdictRideUnderTheGlassboxField() throws Exception {
    String two = "[" + verdict("hallucinated") + "," + verdict("unsure") + "]";
    JsonNode n = Json.readTree(new String(CallExport.line("acme", "c-1", EXPLANATION, two), StandardCharsets.UTF_8));
    assertEquals(0.8, n.at("/glassbox/explanation/hallucination/score").asDouble());
    assertEquals(2, n.at("/glassbox/verdicts").size());
    assertEquals("unsure", n.at("/glassbox/verdicts/1/verdict").asText());
    assertNotNull(n.get("labels"));
  }

  @Test
  void aFilterNeedsAnAppAndAnOrderedWindow() {
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    assertThrows(IllegalArgumentException.class, () -> new CallExport.Filter(" ", t, t.plusSeconds(1), null, false, false));
    assertThrows(IllegalArgumentException.class, () -> new CallExport.Filter("bot", t, t, null, false, false));
    assertEquals(null, new CallExport.Filter("bot", t, t.plusSeconds(1), " ", false, false).tenant());
  }
}
