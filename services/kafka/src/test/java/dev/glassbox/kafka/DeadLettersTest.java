package dev.glassbox.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.glassbox.core.redact.DeadLetterPayload;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

  private static String header(Headers h, String name) {
    return h.lastHeader(name) == null ? null : new String(h.lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  @Test
  void aRejectionReplacesTheReasonHeadersOfAnEarlierOneAndKeepsTheRest() {
    Headers h = new RecordHeaders();
    h.add("trace", "t-1".getBytes(StandardCharsets.UTF_8));
    DeadLetters.mark(h, DeadLetters.ERROR, "old reason", "old/0/1");
    DeadLetters.mark(h, DeadLetters.INVALID, "prompt: required", DeadLetters.origin("llm.calls.v1", 2, 7));

    assertEquals("prompt: required", header(h, Topics.HEADER_REASON));
    assertEquals("invalid", header(h, Topics.HEADER_KIND));
    assertEquals("llm.calls.v1/2/7", header(h, Topics.HEADER_ORIGIN));
    assertEquals(1, h.toArray().length - 3, "the other headers stay");
    assertEquals("t-1", header(h, "trace"));
  }

  @Test
  void anUnknownOriginIsLeftOut() {
    Headers h = DeadLetters.mark(new RecordHeaders(), DeadLetters.INVALID, "bad", null);
    assertNull(h.lastHeader(Topics.HEADER_ORIGIN));
  }

  @Test
  void aFailureNamesTheRecordTheReasonAndThePolicyKey() {
    assertEquals("bad record at llm.drift.v1/0/3: app: required text; stopping because glassbox.store.on-bad-record=fail"
            + " (fix or skip the record, or choose another policy, then restart)",
        new BadRecordException("llm.drift.v1/0/3", "app: required text", "glassbox.store.on-bad-record").getMessage());
  }

  @Test
  void theKeptValueIsRedactedAndItsHeadersReplaceThoseOfAnEarlierRejection() {
    byte[] key = new byte[32];
    byte[] raw = "call me at jane.doe@example.com".getBytes(StandardCharsets.UTF_8);
    Headers h = new RecordHeaders();
    h.add(Topics.HEADER_SEALED, new byte[] {1, 2});
    byte[] kept = DeadLetters.keep(h, raw, DeadLetterPayload.DEFAULT);
    assertEquals("call me at [EMAIL]", new String(kept, StandardCharsets.UTF_8));
    assertEquals("redacted text (1 replaced)", header(h, Topics.HEADER_PAYLOAD));
    assertNull(h.lastHeader(Topics.HEADER_SEALED), "an earlier sealed copy is dropped too");

    DeadLetters.keep(h, raw, DeadLetterPayload.parse("redact", Base64.getEncoder().encodeToString(key)));
    assertEquals(1, h.toArray().length - 1, "one payload header, one sealed copy");
    assertArrayEquals(raw, DeadLetterPayload.open(h.lastHeader(Topics.HEADER_SEALED).value(), key));
  }
}
