package dev.glassbox.core.adapt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.core.call.Call;
import dev.glassbox.core.call.Message;
import dev.glassbox.core.json.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TraceAdapterTest {

  private final TraceAdapter adapter = new TraceAdapter();

  private static JsonNode json(String s) {
    try {
      return Json.readTree(s);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** An OTLP/JSON export shaped like opentelemetry-proto's examples/trace.json, holding the given spans. */
  private static JsonNode export(String service, String spans) {
    return json("""
        {"resourceSpans": [{"resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "%s"}}]},
          "scopeSpans": [{"scope": {"name": "my.library", "version": "1.0.0"}, "spans": [%s]}]}]}
        """.formatted(service, spans));
  }

  private static String span(String spanId, String name, String attributes, String events) {
    return """
        {"traceId": "5B8EFFF798038103D269B633813FC60C", "spanId": "%s", "parentSpanId": "EEE19B7EC3C1B173",
         "name": "%s", "startTimeUnixNano": "1544712660000000000", "endTimeUnixNano": "1544712661000000000",
         "kind": 3, "attributes": [%s], "events": [%s]}
        """.formatted(spanId, name, attributes, events);
  }

  private static String attr(String key, String stringValue) {
    return "{\"key\": \"" + key + "\", \"value\": {\"stringValue\": " + Json.string(stringValue) + "}}";
  }

  @Test
  void aGenAiChatSpanWithMessageAttributesBecomesACallAndOtherSpansAreCounted() {
    // Messages as in the GenAI conventions' examples (gen_ai.input.messages / gen_ai.output.messages, JSON strings
    // on spans), two choices so the second becomes a sample; plus an HTTP span and an embeddings span.
    String chat = span("EEE19B7EC3C1B174", "chat gpt-4", String.join(",",
        attr("gen_ai.operation.name", "chat"), attr("gen_ai.provider.name", "openai"),
        attr("gen_ai.request.model", "gpt-4"), attr("gen_ai.response.model", "gpt-4-0613"),
        attr("gen_ai.system_instructions", "[{\"type\": \"text\", \"content\": \"You are a weather bot.\"}]"),
        attr("gen_ai.input.messages", """
            [{"role": "user", "parts": [{"type": "text", "content": "Weather in Paris?"}]},
             {"role": "assistant", "parts": [{"type": "tool_call", "id": "call_VSPygqKTWdrhaFErNvMV18Yl", "name": "get_weather",
               "arguments": {"location": "Paris"}}]},
             {"role": "tool", "parts": [{"type": "tool_call_response", "id": "call_VSPygqKTWdrhaFErNvMV18Yl", "response": "rainy, 57°F"}]}]
            """),
        attr("gen_ai.output.messages", """
            [{"role": "assistant", "parts": [{"type": "text", "content": "The weather in Paris is currently rainy with a temperature of 57°F."}],
              "finish_reason": "stop"},
             {"role": "assistant", "parts": [{"type": "text", "content": "It is rainy in Paris, 57°F."}, {"type": "reasoning", "content": "..."}],
              "finish_reason": "stop"}]
            """),
        "{\"key\": \"gen_ai.usage.input_tokens\", \"value\": {\"intValue\": \"97\"}}"), "");
    String http = span("EEE19B7EC3C1B175", "GET /weather", attr("http.request.method", "GET"), "");
    String embeddings = span("EEE19B7EC3C1B176", "embeddings text-embedding-3-small",
        attr("gen_ai.operation.name", "embeddings") + "," + attr("gen_ai.request.model", "text-embedding-3-small"), "");
    Mapped r = adapter.adapt(export("weather-app", chat + "," + http + "," + embeddings));
    assertEquals(2, r.ignoredSpans());
    assertTrue(r.errors().isEmpty());
    assertEquals(1, r.calls().size());
    Adapted a = r.calls().get(0);
    assertTrue(a.isValid(), a.reason());
    Call c = a.call();
    assertEquals("5b8efff798038103d269b633813fc60c-eee19b7ec3c1b174", c.id());
    assertEquals("2018-12-13T14:51:00Z", c.timestamp().toString());
    assertEquals("weather-app", c.app());
    assertEquals("gpt-4-0613", c.model());
    assertEquals(List.of(new Message("system", "You are a weather bot."), new Message("user", "Weather in Paris?"),
        new Message("assistant", "[tool call] get_weather({\"location\":\"Paris\"})"), new Message("tool", "rainy, 57°F")),
        c.prompt());
    assertEquals("The weather in Paris is currently rainy with a temperature of 57°F.", c.response());
    assertEquals(List.of("It is rainy in Paris, 57°F."), c.samples());
    assertEquals("openai", c.attributes().get("provider"));
    assertEquals(97, ((Number) c.attributes().get("input_tokens")).intValue());
    assertEquals(List.of("gen_ai.output.messages[1].parts[1]: reasoning part dropped (only text, tool calls and tool results are kept)"),
        a.warnings());
    assertEquals("otel.gen_ai", ((Map<?, ?>) c.attributes().get("glassbox")).get("format"));
  }

  @Test
  void olderSpansWithGenAiEventsAndTheLogprobsExtension() {
    // Semconv 1.36 and before: content in gen_ai.*.message and gen_ai.choice events, gen_ai.system for the provider.
    String chat = span("EEE19B7EC3C1B174", "chat gpt-4o-mini", String.join(",",
        attr("gen_ai.operation.name", "chat"), attr("gen_ai.system", "openai"), attr("gen_ai.request.model", "gpt-4o-mini"),
        attr("glassbox.logprobs", "{\"content\": [{\"token\": \"Paris\", \"logprob\": -0.2, \"top_logprobs\": "
            + "[{\"token\": \"Paris\", \"logprob\": -0.2}, {\"token\": \"Lyon\", \"logprob\": -2.1}]}]}")),
        String.join(",",
            "{\"name\": \"gen_ai.system.message\", \"attributes\": [" + attr("content", "Be brief.") + "]}",
            "{\"name\": \"gen_ai.user.message\", \"attributes\": [" + attr("content", "Capital of France?") + "]}",
            "{\"name\": \"gen_ai.choice\", \"attributes\": [{\"key\": \"index\", \"value\": {\"intValue\": 1}},"
                + "{\"key\": \"message\", \"value\": {\"kvlistValue\": {\"values\": [" + attr("content", "It is Paris.") + "]}}}]}",
            "{\"name\": \"gen_ai.choice\", \"attributes\": [{\"key\": \"index\", \"value\": {\"intValue\": 0}},"
                + attr("finish_reason", "stop") + ",{\"key\": \"message\", \"value\": {\"kvlistValue\": {\"values\": ["
                + attr("content", "Paris") + "]}}}]}"));
    Mapped r = adapter.adapt(export("quiz", chat));
    Adapted a = r.calls().get(0);
    assertTrue(a.isValid(), a.reason());
    assertEquals(List.of(new Message("system", "Be brief."), new Message("user", "Capital of France?")), a.call().prompt());
    assertEquals("Paris", a.call().response());
    assertEquals(List.of("It is Paris."), a.call().samples());
    assertEquals("gpt-4o-mini", a.call().model());
    assertEquals(-2.1, a.call().logprobs().get(0).topLogprobs().get(1).logprob(), 0);
    assertEquals("events", a.call().attributes().get("content_source"));
  }

  @Test
  void fewShotMessagesOfASpanBecomeDemonstrations() {
    String chat = span("FFF19B7EC3C1B174", "chat gpt-4o-mini", String.join(",",
        attr("gen_ai.operation.name", "chat"), attr("gen_ai.system", "openai"), attr("gen_ai.request.model", "gpt-4o-mini")),
        String.join(",",
            "{\"name\": \"gen_ai.user.message\", \"attributes\": [" + attr("content", "I loved it") + "]}",
            "{\"name\": \"gen_ai.assistant.message\", \"attributes\": [" + attr("content", "positive") + "]}",
            "{\"name\": \"gen_ai.user.message\", \"attributes\": [" + attr("content", "Awful") + "]}",
            "{\"name\": \"gen_ai.choice\", \"attributes\": [{\"key\": \"index\", \"value\": {\"intValue\": 0}},"
                + "{\"key\": \"message\", \"value\": {\"kvlistValue\": {\"values\": [" + attr("content", "negative") + "]}}}]}"));
    Adapted a = adapter.adapt(export("sentiment", chat)).calls().get(0);
    assertTrue(a.isValid(), a.reason());
    List<dev.glassbox.core.prompting.Demonstration> demos = dev.glassbox.core.prompting.Demonstrations.find(a.call().prompt());
    assertEquals(1, demos.size());
    assertEquals("I loved it", demos.get(0).input(a.call().prompt()));
    assertEquals("positive", demos.get(0).output(a.call().prompt()));
  }

  @Test
  void openInferenceLlmSpanTakesContextFromTheRetrieverSpanOfItsTrace() {
    // The OpenInference spec's flattened attributes: a RETRIEVER span with retrieval.documents and an LLM span.
    String retriever = span("AAA19B7EC3C1B174", "retrieve", String.join(",",
        attr("openinference.span.kind", "RETRIEVER"), attr("input.value", "Where is the Eiffel Tower?"),
        attr("retrieval.documents.0.document.id", "kb-17"),
        attr("retrieval.documents.0.document.content", "The Eiffel Tower is a wrought-iron tower in Paris."),
        "{\"key\": \"retrieval.documents.0.document.score\", \"value\": {\"doubleValue\": 0.98}}",
        attr("retrieval.documents.1.document.content", "It was completed in 1889.")), "");
    String llm = span("BBB19B7EC3C1B174", "ChatCompletion", String.join(",",
        attr("openinference.span.kind", "LLM"), attr("llm.model_name", "gpt-3.5-turbo-0613"), attr("llm.provider", "openai"),
        attr("llm.input_messages.0.message.role", "system"), attr("llm.input_messages.0.message.content", "Use the context."),
        attr("llm.input_messages.1.message.role", "user"),
        attr("llm.input_messages.1.message.contents.0.message_content.type", "text"),
        attr("llm.input_messages.1.message.contents.0.message_content.text", "Where is the Eiffel Tower?"),
        attr("llm.input_messages.1.message.contents.1.message_content.type", "image"),
        attr("llm.input_messages.1.message.contents.1.message_content.image.image.url", "https://x/y.png"),
        attr("llm.output_messages.0.message.role", "assistant"),
        attr("llm.output_messages.0.message.content", "It is in Paris, completed in 1889.")), "");
    String chain = span("CCC19B7EC3C1B174", "query", attr("openinference.span.kind", "CHAIN"), "");
    Mapped r = adapter.adapt(json("""
        {"resourceSpans": [{"resource": {"attributes": [{"key": "openinference.project.name", "value": {"stringValue": "rag-demo"}}]},
          "scopeSpans": [{"spans": [%s, %s, %s]}]}]}
        """.formatted(chain, retriever, llm)));
    assertEquals(2, r.ignoredSpans());
    Adapted a = r.calls().get(0);
    assertTrue(a.isValid(), a.reason());
    Call c = a.call();
    assertEquals("rag-demo", c.app());
    assertEquals("gpt-3.5-turbo-0613", c.model());
    assertEquals(List.of(new Message("system", "Use the context."), new Message("user", "Where is the Eiffel Tower?")), c.prompt());
    assertEquals("It is in Paris, completed in 1889.", c.response());
    assertEquals(2, c.context().size());
    assertEquals("kb-17", c.context().get(0).id());
    assertEquals("aaa19b7ec3c1b174:1", c.context().get(1).id());
    assertEquals(List.of("llm.input_messages.1.message.contents.1: image part dropped (only text is kept)",
        "context taken from the retriever spans of trace 5b8efff798038103d269b633813fc60c"), a.warnings());
    assertEquals("openinference", ((Map<?, ?>) c.attributes().get("glassbox")).get("format"));
  }

  @Test
  void openInferenceWithoutMessagesFallsBackToInputAndOutputValue() {
    String llm = span("BBB19B7EC3C1B174", "llm", String.join(",", attr("openinference.span.kind", "LLM"),
        attr("llm.model_name", "m"), attr("input.value", "Hi"), attr("output.value", "Hello"),
        attr("output.mime_type", "text/plain")), "");
    Adapted a = adapter.adapt(export("svc", llm)).calls().get(0);
    assertTrue(a.isValid(), a.reason());
    assertEquals("Hello", a.call().response());
    assertEquals(List.of("no llm.input_messages; prompt taken from input.value",
        "no llm.output_messages; response taken from output.value"), a.warnings());
  }

  @Test
  void anLlmSpanThatCannotBeMappedIsRejectedWithReasons() {
    String noContent = span("EEE19B7EC3C1B174", "chat gpt-4", attr("gen_ai.operation.name", "chat")
        + "," + attr("gen_ai.request.model", "gpt-4"), "");
    String badJson = span("EEE19B7EC3C1B175", "chat", attr("gen_ai.operation.name", "chat")
        + "," + attr("gen_ai.input.messages", "[{\"role\": ") + "," + attr("gen_ai.output.messages", "{}"), "");
    Mapped r = adapter.adapt(export("unknown_service:java", noContent + "," + badJson));
    assertEquals(2, r.calls().size());
    Adapted a = r.calls().get(0);
    assertFalse(a.isValid());
    assertEquals("5b8efff798038103d269b633813fc60c-eee19b7ec3c1b174", a.id());
    String path = "resourceSpans[0].scopeSpans[0].spans[0].attributes";
    assertEquals(path + ": no input messages: gen_ai.input.messages, gen_ai.*.message events or gen_ai.prompt.* attributes "
        + "required (is content capture on?); " + path + ": no output messages: gen_ai.output.messages, gen_ai.choice "
        + "events or gen_ai.completion.* attributes required", a.reason());
    Adapted b = r.calls().get(1);
    assertTrue(b.reason().contains("gen_ai.input.messages: not valid JSON: Unexpected end-of-input"), b.reason());
    assertTrue(b.reason().contains("gen_ai.output.messages: must be an array of messages"), b.reason());
    assertTrue(b.reason().startsWith("resourceSpans[0].scopeSpans[0].spans[1].attributes: gen_ai.response.model or gen_ai.request.model required"), b.reason());
  }

  @Test
  void malformedExportsAreClearErrorsNeverExceptions() {
    assertEquals("$: must be an OTLP/JSON object with resourceSpans", adapter.adapt(json("[]")).errors().get(0).toString());
    assertEquals("resourceSpans: required: an array (OTLP/JSON ExportTraceServiceRequest)",
        adapter.adapt(json("{\"resourceLogs\": []}")).errors().get(0).toString());
    Mapped r = adapter.adapt(json("""
        {"resourceSpans": [{"scopeSpans": [{"spans": [{"traceId": "xyz", "spanId": "EEE19B7EC3C1B174",
          "startTimeUnixNano": "soon", "attributes": 5}, 7]}]}, {"scopeSpans": 1}]}
        """));
    assertTrue(r.calls().isEmpty());
    assertEquals(List.of("resourceSpans[0].scopeSpans[0].spans[0].traceId: must be 32 hex digits",
        "resourceSpans[0].scopeSpans[0].spans[0].startTimeUnixNano: must be an integer (nanoseconds since the epoch)",
        "resourceSpans[0].scopeSpans[0].spans[0].attributes: must be an array of {key, value}",
        "resourceSpans[0].scopeSpans[0].spans[1]: must be an object",
        "resourceSpans[1].scopeSpans: required: an array"), r.errors().stream().map(Object::toString).toList());
  }
}
