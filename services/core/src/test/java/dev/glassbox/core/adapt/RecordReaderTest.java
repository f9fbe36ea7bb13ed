package dev.glassbox.core.adapt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.core.call.BodySplitter;
import dev.glassbox.core.call.CallCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordReaderTest {

  private static final String CALL = "{\"id\": \"c-%s\", \"timestamp\": \"2026-01-01T00:00:00Z\", \"app\": \"a\","
      + " \"model\": \"m\", \"prompt\": \"p\", \"response\": \"r\"}";

  private static final String EXPORT = """
      {"resourceSpans": [{"scopeSpans": [{"spans": [
        {"traceId": "5b8efff798038103d269b633813fc60c", "spanId": "eee19b7ec3c1b174", "name": "chat", "startTimeUnixNano": "1544712660000000000", "attributes": [
          {"key": "gen_ai.operation.name", "value": {"stringValue": "chat"}},
          {"key": "gen_ai.request.model", "value": {"stringValue": "gpt-4"}},
          {"key": "gen_ai.input.messages", "value": {"stringValue": "[{\\"role\\":\\"user\\",\\"parts\\":[{\\"type\\":\\"text\\",\\"content\\":\\"Hi?\\"}]}]"}},
          {"key": "gen_ai.output.messages", "value": {"stringValue": "[{\\"role\\":\\"assistant\\",\\"parts\\":[{\\"type\\":\\"text\\",\\"content\\":\\"Hello.\\"}]}]"}}]},
        {"traceId": "5b8efff798038103d269b633813fc60c", "spanId": "eee19b7ec3c1b175", "name": "GET /", "startTimeUnixNano": "1544712660000000000",
         "attributes": [{"key": "http.request.method", "value": {"stringValue": "GET"}}]}]}]}]}
      """;

  private static List<BodySplitter.Item> ndjson(String... lines) {
    return BodySplitter.split(String.join("\n", lines));
  }

  @Test
  void aBodyBecomesOneCandidatePerRecordWithItsIndexLineAndIdEvenWhenRejected() {
    RecordReader reader = new RecordReader(RecordFormat.NATIVE, new CallCodec(), null);
    RecordReader.Read read = reader.read(ndjson(CALL.formatted(1), "{broken", "{\"id\": \"c-3\"}"));
    assertEquals(3, read.candidates().size());
    RecordReader.Candidate ok = read.candidates().get(0);
    assertEquals("c-1", ok.adapted().call().id());
    assertEquals(1, ok.line());
    RecordReader.Candidate unparsed = read.candidates().get(1);
    assertEquals(1, unparsed.index());
    assertTrue(unparsed.adapted().reason().startsWith("line 2: invalid JSON"), unparsed.adapted().reason());
    RecordReader.Candidate invalid = read.candidates().get(2);
    assertEquals("c-3", invalid.adapted().id());
    assertNull(invalid.adapted().call());
    assertTrue(invalid.adapted().reason().contains("response: required"), invalid.adapted().reason());
    assertEquals(0, read.ignoredSpans());
  }

  @Test
  void aTraceExportBecomesOneCandidatePerLlmSpanNamedAfterTheDefaultAppAndCountsTheOtherSpans() {
    RecordReader reader = new RecordReader(RecordFormat.OTLP, new CallCodec(), " ");
    RecordReader.Read read = reader.read(BodySplitter.split(EXPORT));
    assertEquals(1, read.candidates().size());
    assertEquals("otel", read.candidates().get(0).adapted().call().app(), read.candidates().toString());
    assertEquals(1, read.ignoredSpans());
    assertEquals("weather", new RecordReader(RecordFormat.OPENINFERENCE, new CallCodec(), "weather")
        .read(BodySplitter.split(EXPORT)).candidates().get(0).adapted().call().app());
  }

  @Test
  void aKafkaRecordIsOneCallOrTheReasonsItIsNone() {
    RecordReader reader = new RecordReader(RecordFormat.NATIVE, new CallCodec(), null);
    assertEquals("c-1", reader.readRecord(CALL.formatted(1).getBytes(StandardCharsets.UTF_8)).call().id());
    assertEquals("$: empty record", reader.readRecord(new byte[0]).reason());
    assertEquals("$: not valid UTF-8", reader.readRecord(new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'}).reason());
    assertTrue(reader.readRecord("{not json".getBytes(StandardCharsets.UTF_8)).reason().startsWith("$: invalid JSON"));
    assertTrue(reader.readRecord("{}".getBytes(StandardCharsets.UTF_8)).reason().contains("id: required"));
  }
}
