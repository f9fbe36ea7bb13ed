package dev.glassbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.core.redact.DeadLetterPayload;
import dev.glassbox.kafka.DeadLetters;
import dev.glassbox.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class DlqCommandTest {

  private static final byte[] KEY = new byte[32];
  private static final byte[] RAW = "{\"id\": \"c-1\", \"prompt\": \"mail jane.doe@example.com\"".getBytes(StandardCharsets.UTF_8);

  /** A DLQ record as the explainer writes it, with the raw bytes sealed under {@code sealWith} (null: none). */
  private static ConsumerRecord<String, byte[]> dead(byte[] sealWith) {
    Headers h = DeadLetters.mark(new RecordHeaders(), DeadLetters.INVALID, "$: invalid JSON", "llm.calls.v1/0/7");
    DeadLetterPayload payload = sealWith == null ? DeadLetterPayload.DEFAULT
        : DeadLetterPayload.parse("redact", Base64.getEncoder().encodeToString(sealWith));
    byte[] value = DeadLetters.keep(h, RAW, payload);
    return new ConsumerRecord<>(Topics.CALLS_DLQ, 0, 3L, -1L, TimestampType.CREATE_TIME, -1, -1, "c-1", value, h,
        Optional.empty());
  }

  @Test
  void anAdminWithTheKeySeesTheRawBytesAndEveryoneElseTheRedactedTextAndReason() {
    String withKey = DlqCommand.describe(dead(KEY), KEY);
    assertTrue(withKey.startsWith(Topics.CALLS_DLQ + "/0/3  key=c-1"), withKey);
    assertTrue(withKey.contains("glassbox.error.reason: $: invalid JSON"), withKey);
    assertTrue(withKey.contains("glassbox.error.origin: llm.calls.v1/0/7"), withKey);
    assertTrue(withKey.contains("value: {\"id\": \"c-1\", \"prompt\": \"mail [EMAIL]\""), withKey);
    assertTrue(withKey.endsWith("raw: " + new String(RAW, StandardCharsets.UTF_8)), withKey);

    assertTrue(DlqCommand.describe(dead(KEY), null).endsWith("raw: sealed (give --key to open)"));
    byte[] other = KEY.clone();
    other[0] = 1;
    assertTrue(DlqCommand.describe(dead(KEY), other).endsWith("raw: the sealed DLQ payload does not open with this key"
        + " (another key, or changed)"));
    String dropped = DlqCommand.describe(dead(null), KEY);
    assertEquals(-1, dropped.indexOf("jane"), dropped);
    assertTrue(dropped.endsWith("raw: not kept"), dropped);
  }
}
