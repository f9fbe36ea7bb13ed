package dev.glassbox.core.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class CallCodecTest {

  private final CallCodec codec = new CallCodec();

  private static final String VALID = """
      {"id":"c-1","timestamp":"2026-11-28T12:00:00Z","app":"bot","model":"gpt","tenant":"acme",
       "prompt":[{"role":"system","content":"Be brief."},{"role":"user","content":"Where is the tower?"}],
       "response":"It is in Paris.",
       "context":[{"id":"kb-1","text":"The Eiffel Tower is in Paris."}, "bare passage"],
       "logprobs":[{"token":"It","logprob":-0.1,"top_logprobs":[{"token":"It","logprob":-0.1},{"token":"The","logprob":-2.5}]}],
       "samples":["Paris."], "attributes":{"user":"u-1"}, "labels":{"hallucinated":false}, "extra":"ignored"}
      """;

  @Test
  void decodesAValidCallWithEveryField() {
    CallCodec.Decoded d = codec.decode(VALID);
    assertTrue(d.isValid(), d.reason());
    Call c = d.call();
    assertEquals("c-1", c.id());
    assertEquals("acme", c.tenant());
    assertEquals(2, c.prompt().size());
    assertEquals("kb-1", c.context().get(0).id());
    assertEquals("1", c.context().get(1).id());
    assertEquals(2, c.logprobs().get(0).topLogprobs().size());
    assertEquals(List.of("Paris."), c.samples());
    assertEquals("Be brief.\n\nWhere is the tower?", c.promptText());
  }

  @Test
  void aStringPromptBecomesOneUserMessageAndTenantDefaults() {
    Call c = codec.decode("{\"id\":\"a\",\"timestamp\":\"2026-01-01T00:00:00+01:00\",\"app\":\"x\",\"model\":\"m\","
        + "\"prompt\":\"hi\",\"response\":\"\"}").call();
    assertEquals(List.of(new Message("user", "hi")), c.prompt());
    assertEquals(Call.DEFAULT_TENANT, c.tenant());
  }

  @Test
  void reportsEveryFieldErrorAtOnce() {
    CallCodec.Decoded d = codec.decode("""
        {"id":"x","timestamp":"yesterday","app":"","model":5,
         "logprobs":[{"token":"a","logprob":-1},{"token":"b","logprob":-1},{"token":"c","logprob":-1},{"token":"d","logprob":0.5}],
         "samples":"one", "context":[{"id":"k"}]}
        """);
    assertFalse(d.isValid());
    List<String> errors = d.errors().stream().map(FieldError::toString).toList();
    assertTrue(errors.contains("prompt: required"), errors.toString());
    assertTrue(errors.contains("response: required"), errors.toString());
    assertTrue(errors.contains("logprobs[3].logprob: must be a finite number <= 0"), errors.toString());
    assertTrue(errors.contains("app: must not be blank"), errors.toString());
    assertTrue(errors.contains("model: must be a string"), errors.toString());
    assertTrue(errors.contains("samples: must be an array of strings"), errors.toString());
    assertTrue(errors.contains("context[0].text: required"), errors.toString());
    assertTrue(errors.stream().anyMatch(e -> e.startsWith("timestamp:")), errors.toString());
    assertEquals(8, errors.size(), errors.toString());
  }

  @Test
  void rejectsIdsOverTheLimitAndNonObjects() {
    String longId = "x".repeat(129);
    CallCodec.Decoded d = codec.decode("{\"id\":\"" + longId + "\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"app\":\"a\","
        + "\"model\":\"m\",\"prompt\":\"p\",\"response\":\"r\"}");
    assertEquals("id: longer than 128 characters (129)", d.reason());
    assertEquals("$: must be a JSON object", codec.decode("[1,2]").reason());
    assertTrue(codec.decode("{not json").reason().startsWith("$: invalid JSON"));
  }

  @Test
  void aTenantWithAControlCharacterIsRejectedSoNoTenantCanForgeAnotherTenantsRecordKey() {
    CallCodec.Decoded d = codec.decode("{\"id\":\"x\",\"tenant\":\"a\\u001fb\",\"timestamp\":\"2026-01-01T00:00:00Z\","
        + "\"app\":\"a\",\"model\":\"m\",\"prompt\":\"p\",\"response\":\"r\"}");
    assertEquals("tenant: must not contain control characters", d.reason());
  }

  @Test
  void attributesRevisionIsAWholeNumberAtLeastZeroAndAbsentCountsAsZero() {
    String call = "{\"id\":\"x\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"app\":\"a\",\"model\":\"m\",\"prompt\":\"p\","
        + "\"response\":\"r\",\"attributes\":{\"revision\":%s}}";
    assertEquals(3L, codec.decode(call.formatted("3")).call().revision());
    assertEquals(0L, codec.decode(call.formatted("null")).call().revision());
    assertEquals("attributes.revision: must be a whole number >= 0", codec.decode(call.formatted("\"3\"")).reason());
    assertEquals("attributes.revision: must be a whole number >= 0", codec.decode(call.formatted("-1")).reason());
    assertEquals("attributes.revision: must be a whole number >= 0", codec.decode(call.formatted("1.5")).reason());
  }

  @Test
  void aRecordKeyIsTheTenantTheUnitSeparatorAndTheIdAndParsesBack() {
    CallKey key = new CallKey("acme", "c-1\u00e9/x");
    assertEquals("acme\u001fc-1\u00e9/x", key.recordKey());
    assertEquals(key, CallKey.parse(key.recordKey()).orElseThrow());
    assertTrue(CallKey.parse("c-1").isEmpty());
    assertEquals(new CallKey("default", "c-1"), new CallKey(null, "c-1"));
  }

  @Test
  void invalidUtf8AndEmptyRecordsAreErrorsNotExceptions() {
    assertEquals("$: not valid UTF-8", codec.decode(new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'}).reason());
    assertEquals("$: empty record", codec.decode(new byte[0]).reason());
  }

  @Test
  void encodeThenDecodeGivesTheSameCall() {
    Call c = codec.decode(VALID).call();
    Call back = codec.decode(codec.encode(c)).call();
    assertEquals(c, back);
    assertTrue(new String(codec.encode(c), StandardCharsets.UTF_8).contains("\"top_logprobs\""));
  }

  @Test
  void bodiesSplitAsObjectArrayOrNdjsonWithLineNumbers() {
    assertEquals(1, BodySplitter.split("{\"a\":1}").size());
    assertEquals(2, BodySplitter.split("[{\"a\":1},{\"a\":2}]").size());
    List<BodySplitter.Item> nd = BodySplitter.split("{\"a\":1}\n\n{broken\n{\"a\":3}\n");
    assertEquals(3, nd.size());
    assertTrue(nd.get(0).parsed());
    assertFalse(nd.get(1).parsed());
    assertEquals(3, nd.get(1).line());
    assertEquals("line 3", nd.get(1).error().path());
    assertTrue(nd.get(2).parsed());
  }

  @Test
  void aBodyThatIsNotUtf8CannotBeSplit() {
    assertTrue(BodySplitter.split(new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'}).isEmpty());
    assertEquals(2, BodySplitter.split("{\"a\":1}\n{\"b\":\"\u00e9\"}".getBytes(StandardCharsets.UTF_8)).orElseThrow().size());
  }

  @Test
  void aServiceOverridesOnlyTheLimitsItsConfigSets() {
    Limits d = Limits.DEFAULT;
    assertEquals(d, d.withConfigured(OptionalInt.empty(), OptionalInt.empty()));
    Limits l = d.withConfigured(OptionalInt.of(10), OptionalInt.empty());
    assertEquals(10, l.maxTextChars());
    assertEquals(d.withMaxTextChars(10), l);
    assertEquals(d.maxTokens(), l.maxTokens());
    assertEquals(7, d.withConfigured(OptionalInt.empty(), OptionalInt.of(7)).maxTokens());
    assertEquals(d.maxIdChars(), d.withMaxTokens(7).maxIdChars());
  }

  @Test
  void aTimestampOutsideTheRangeIsRejectedNamingTheField() {
    Clock now = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);
    CallCodec c = new CallCodec(Limits.DEFAULT, now);
    for (String t : List.of("+999999999-12-31T23:59:59Z", "2026-12-02T00:00:01Z", "1969-12-31T23:59:59Z")) {
      CallCodec.Decoded d = c.decode(VALID.replace("2026-11-28T12:00:00Z", t));
      assertFalse(d.isValid(), t);
      assertTrue(d.reason().startsWith("timestamp: must lie between 1970-01-01T00:00:00Z and 2026-12-02T00:00:00Z"),
          d.reason());
    }
    assertTrue(c.decode(VALID.replace("2026-11-28T12:00:00Z", "2026-12-02T00:00:00Z")).isValid());
    assertTrue(c.decode(VALID.replace("2026-11-28T12:00:00Z", "1970-01-01T00:00:00Z")).isValid());
  }

  @Test
  void aServiceOverridesOnlyTheTimestampBoundsItsConfigSets() {
    Limits d = Limits.DEFAULT;
    assertEquals(d, d.withTimestampRange(Optional.empty(), Optional.empty()));
    Limits l = d.withTimestampRange(Optional.of(Instant.parse("2020-01-01T00:00:00Z")), Optional.empty());
    assertEquals(Instant.parse("2020-01-01T00:00:00Z"), l.earliestTimestamp());
    assertEquals(Duration.ofDays(1), l.maxTimestampAhead());
    assertEquals(Duration.ofHours(1), d.withTimestampRange(Optional.empty(), Optional.of(Duration.ofHours(1)))
        .maxTimestampAhead());
  }
}
