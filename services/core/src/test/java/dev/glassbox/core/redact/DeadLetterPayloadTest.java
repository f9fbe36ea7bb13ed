package dev.glassbox.core.redact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeadLetterPayloadTest {

  private static final byte[] KEY = Base64.getDecoder().decode("q3Jx0lq5m1qkq0J0Yb1H2q9m1XbC9xw8p5p1l9k3ZSA=");
  private static final byte[] NOT_TEXT = {'{', '"', 'a', (byte) 0xC3, (byte) 0x28, '"', '}'};

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Test
  void noPlantedValueOfTheCorpusSurvivesInTheKeptTextAndTheSummaryCountsReplacements() {
    List<PlantedCorpus.Entry> corpus = PlantedCorpus.load();
    StringBuilder kept = new StringBuilder();
    for (PlantedCorpus.Entry e : corpus) {
      DeadLetterPayload.Kept k = DeadLetterPayload.DEFAULT.keep(e.jsonWithoutLabels().getBytes(StandardCharsets.UTF_8));
      kept.append(text(k.value())).append('\n');
      assertNull(k.sealed(), "without a key nothing raw is kept");
      assertTrue(k.summary().startsWith("redacted text ("), k.summary());
    }
    assertEquals(List.of(), PlantedCorpus.leaks(corpus, kept.toString()));
  }

  @Test
  void textWithoutPersonalDataIsKeptAsItWasSoTheRecordStillDebugs() {
    byte[] raw = "{\"id\": \"c-1\", \"response\": 42}".getBytes(StandardCharsets.UTF_8);
    DeadLetterPayload.Kept k = DeadLetterPayload.DEFAULT.keep(raw);
    assertArrayEquals(raw, k.value());
    assertEquals("redacted text (0 replaced)", k.summary());
  }

  @Test
  void bytesThatAreNoUtf8TextAreDroppedAndSaidSo() {
    DeadLetterPayload.Kept k = DeadLetterPayload.DEFAULT.keep(NOT_TEXT);
    assertNull(k.value());
    assertEquals("dropped 7 bytes that are no UTF-8 text", k.summary());
    assertEquals("no value", DeadLetterPayload.DEFAULT.keep(null).summary());
  }

  @Test
  void withAKeyTheRawBytesAreSealedAndOpenOnlyWithThatKey() {
    DeadLetterPayload sealing = DeadLetterPayload.parse("redact", Base64.getEncoder().encodeToString(KEY));
    byte[] raw = "mail jane.doe@example.com".getBytes(StandardCharsets.UTF_8);
    DeadLetterPayload.Kept k = sealing.keep(raw);
    assertEquals("mail [EMAIL]", text(k.value()));
    assertNotNull(k.sealed());
    assertTrue(!text(k.sealed()).contains("jane"), "sealed bytes hide the text");
    assertArrayEquals(raw, DeadLetterPayload.open(k.sealed(), KEY));
    assertArrayEquals(NOT_TEXT, DeadLetterPayload.open(sealing.keep(NOT_TEXT).sealed(), KEY));
    byte[] other = KEY.clone();
    other[0] ^= 1;
    assertThrows(IllegalArgumentException.class, () -> DeadLetterPayload.open(k.sealed(), other));
    byte[] changed = k.sealed().clone();
    changed[changed.length - 1] ^= 1;
    assertThrows(IllegalArgumentException.class, () -> DeadLetterPayload.open(changed, KEY));
    assertTrue(!Arrays.equals(k.sealed(), sealing.keep(raw).sealed()), "a fresh nonce each time");
  }

  @Test
  void rawModeKeepsTheBytesAsReceived() {
    byte[] raw = "mail jane.doe@example.com".getBytes(StandardCharsets.UTF_8);
    assertArrayEquals(raw, DeadLetterPayload.parse("RAW", null).keep(raw).value());
  }

  @Test
  void badConfigIsRefusedWithTheReason() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> DeadLetterPayload.parse("encrypt", null))
        .getMessage().contains("use redact or raw"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> DeadLetterPayload.parse("redact", "%%"))
        .getMessage().contains("not base64"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> DeadLetterPayload.parse("redact", "AAAA"))
        .getMessage().contains("16, 24 or 32 bytes"));
  }
}
