package dev.glassbox.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.core.call.CallKey;
import dev.glassbox.core.json.Json;
import dev.glassbox.core.testing.Await;
import dev.glassbox.kafka.Topics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The three ingest endpoints against a real broker: what they answer, and what reaches {@code llm.calls.v1}. */
@QuarkusTest
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IngestEndpointsIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TestHTTPResource("/")
  URL root;

  private record Reply(int status, JsonNode json) {}

  /** A producer key of tenant acme (application.properties, test profile). */
  static final String ACME_KEY = "test-ingest-token-acme1";

  private Reply post(String path, String contentType, String body) throws Exception {
    return post(path, contentType, body, ACME_KEY);
  }

  private Reply post(String path, String contentType, String body, String key) throws Exception {
    HttpResponse<String> r = send(path, contentType, body, key);
    return new Reply(r.statusCode(), Json.readTree(r.body()));
  }

  private HttpResponse<String> send(String path, String contentType, String body, String key) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(root + path.substring(1)))
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) b.header("Content-Type", contentType);
    if (key != null) b.header("Authorization", "Bearer " + key);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static final String PAIR = """
      {"request": {"model": "gpt-4o-mini", "logprobs": true, "n": 2, "messages": [{"role": "user", "content": "Where is the tower?"}]},
       "response": {"id": "chatcmpl-it-1", "object": "chat.completion", "created": 1702685778, "model": "gpt-4o-mini",
         "choices": [{"index": 0, "message": {"role": "assistant", "content": "It is in Paris."},
                      "logprobs": {"content": [{"token": "It", "logprob": -0.1, "top_logprobs": []}]}},
                     {"index": 1, "message": {"role": "assistant", "content": "Paris."}}]}}
      """;

  private static final String TRACE = """
      {"resourceSpans": [{"resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "weather-app"}}]},
        "scopeSpans": [{"spans": [
          {"traceId": "5b8efff798038103d269b633813fc60c", "spanId": "eee19b7ec3c1b174", "name": "chat gpt-4",
           "startTimeUnixNano": "1544712660000000000", "attributes": [
             {"key": "gen_ai.operation.name", "value": {"stringValue": "chat"}},
             {"key": "gen_ai.request.model", "value": {"stringValue": "gpt-4"}},
             {"key": "gen_ai.input.messages", "value": {"stringValue": "[{\\"role\\":\\"user\\",\\"parts\\":[{\\"type\\":\\"text\\",\\"content\\":\\"Weather in Paris?\\"}]}]"}},
             {"key": "gen_ai.output.messages", "value": {"stringValue": "[{\\"role\\":\\"assistant\\",\\"parts\\":[{\\"type\\":\\"text\\",\\"content\\":\\"Rainy.\\"}]}]"}}]},
          {"traceId": "5b8efff798038103d269b633813fc60c", "spanId": "eee19b7ec3c1b175", "name": "GET /",
           "startTimeUnixNano": "1544712660000000000", "attributes": [{"key": "http.request.method", "value": {"stringValue": "GET"}}]},
          {"traceId": "5b8efff798038103d269b633813fc60c", "spanId": "eee19b7ec3c1b176", "name": "chat",
           "startTimeUnixNano": "1544712660000000000", "attributes": [{"key": "gen_ai.operation.name", "value": {"stringValue": "chat"}}]}]}]}]}
      """;

  @Test
  @Order(1)
  void aCallTheBrokerRefusesAsTooLargeIsRejectedAsNotRetryableAndLaterCallsStillGoThrough() throws Exception {
    // 16,384 log-prob tokens are within the call limits but ~1 MB more than this broker's default message size.
    StringBuilder lp = new StringBuilder();
    for (int i = 0; i < 16_384; i++) {
      if (i > 0) lp.append(',');
      lp.append("{\"token\": \" w\", \"logprob\": -0.5, \"top_logprobs\": [{\"token\": \" w\", \"logprob\": -0.5}]}");
    }
    String call = "{\"id\": \"it-too-large\", \"timestamp\": \"2026-11-28T12:00:00Z\", \"app\": \"a\", \"model\": \"m\","
        + " \"prompt\": \"q\", \"response\": \"" + "w ".repeat(20_000) + "\", \"logprobs\": [" + lp + "]}";
    assertTrue(call.length() > 1_100_000, "over the broker's 1 MB default: " + call.length());
    Reply r = post("/v1/calls", "application/json", call);
    assertEquals(400, r.status(), r.json().toString());
    String reason = r.json().path("rejected").path(0).path("errors").path(0).path("reason").asText();
    assertTrue(reason.contains("larger than Kafka accepts") && reason.contains("not retryable"), reason);
    assertFalse(r.json().path("rejected").path(0).path("retryable").asBoolean(true), "a client must not re-send it");
  }

  @Test
  @Order(2)
  void eachEndpointMapsPublishesAndReportsPerRecord() throws Exception {
    Reply openai = post("/v1/openai?app=support-bot", "application/x-ndjson",
        PAIR.replace("\n", " ") + "\n{\"request\": {}, \"response\": {\"id\": \"bad\"}}\nnot json\n");
    assertEquals(207, openai.status(), openai.json().toString());
    assertEquals(List.of("chatcmpl-it-1"), List.of(openai.json().get("accepted").get(0).asText()));
    assertEquals(2, openai.json().get("rejected").size());
    assertEquals("bad", openai.json().get("rejected").get(0).get("id").asText());
    assertFalse(openai.json().get("rejected").get(0).get("retryable").asBoolean(true), "invalid records are final");
    assertEquals(2, openai.json().get("rejected").get(0).get("line").asInt());
    assertEquals(3, openai.json().get("rejected").get(1).get("line").asInt());

    Reply traces = post("/v1/traces", "application/json", TRACE);
    assertEquals(207, traces.status(), traces.json().toString());
    assertEquals("5b8efff798038103d269b633813fc60c-eee19b7ec3c1b174", traces.json().get("accepted").get(0).asText());
    assertEquals(1, traces.json().get("ignored_spans").asInt());
    assertEquals("5b8efff798038103d269b633813fc60c-eee19b7ec3c1b176", traces.json().get("rejected").get(0).get("id").asText());
    assertTrue(traces.json().get("rejected").get(0).get("errors").toString().contains("no input messages"));

    Reply protobuf = post("/v1/traces", "application/x-protobuf", "\u0000");
    assertEquals(415, protobuf.status());
    assertTrue(protobuf.json().get("error").asText().startsWith("OTLP/HTTP protobuf is not supported"));

    Reply nativeCall = post("/v1/calls", "application/json", """
        {"id": "c-native", "timestamp": "2026-11-28T12:00:00Z", "app": "a", "model": "m", "prompt": "p", "response": "r"}
        """);
    assertEquals(202, nativeCall.status(), nativeCall.json().toString());
    assertTrue(nativeCall.json().path("ignored_spans").isMissingNode());

    Map<String, JsonNode> published = read(3);
    JsonNode fromOpenAi = published.get(acme("chatcmpl-it-1"));
    assertEquals("acme", fromOpenAi.get("tenant").asText(), "the producer key's tenant");
    assertEquals("support-bot", fromOpenAi.get("app").asText());
    assertEquals("Paris.", fromOpenAi.get("samples").get(0).asText());
    assertEquals("openai.chat_completions", fromOpenAi.at("/attributes/glassbox/format").asText());
    JsonNode fromTrace = published.get(acme("5b8efff798038103d269b633813fc60c-eee19b7ec3c1b174"));
    assertEquals("weather-app", fromTrace.get("app").asText());
    assertEquals("Rainy.", fromTrace.get("response").asText());
    assertEquals("otel.gen_ai", fromTrace.at("/attributes/glassbox/format").asText());
    assertTrue(published.containsKey(acme("c-native")), published.keySet().toString());
  }

  private static String acme(String id) {
    return new CallKey("acme", id).recordKey();
  }

  @Test
  @Order(5)
  void withoutAValidProducerKeyNothingIsAcceptedAndNoAnswerNamesAKey() throws Exception {
    String call = """
        {"id": "c-nokey", "timestamp": "2026-11-28T12:00:00Z", "app": "a", "model": "m", "prompt": "p", "response": "r"}
        """;
    for (String key : java.util.Arrays.asList(null, "test-ingest-token-acme", "test-ingest-token-acme1x", "")) {
      HttpResponse<String> r = send("/v1/calls", "application/json", call, key);
      assertEquals(401, r.statusCode(), key + ": " + r.body());
      assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"), r.headers().toString());
      assertFalse(r.body().contains("acme") || r.body().contains("globex"), r.body());
    }
    assertEquals(401, send("/v1/openai", "application/json", PAIR, null).statusCode());
    assertEquals(401, send("/v1/traces", "application/json", TRACE, null).statusCode());
  }

  @Test
  @Order(6)
  void theTenantComesFromTheKeyAndABodyNamingAnotherTenantIsRejectedNamingTheField() throws Exception {
    Reply other = post("/v1/calls", "application/json", """
        {"id": "c-other", "tenant": "globex", "timestamp": "2026-11-28T12:00:00Z", "app": "a", "model": "m",
         "prompt": "p", "response": "r"}
        """);
    assertEquals(400, other.status(), other.json().toString());
    assertEquals("tenant", other.json().at("/rejected/0/errors/0/path").asText(), other.json().toString());

    Reply globex = post("/v1/calls", "application/json", """
        {"id": "c-globex", "tenant": "globex", "timestamp": "2026-11-28T12:00:00Z", "app": "a", "model": "m",
         "prompt": "p", "response": "r"}
        """, "test-ingest-token-globex");
    assertEquals(202, globex.status(), globex.json().toString());
    Map<String, JsonNode> published = readUntil(new CallKey("globex", "c-globex").recordKey());
    assertEquals("globex", published.get(new CallKey("globex", "c-globex").recordKey()).get("tenant").asText());
    assertFalse(published.keySet().stream().anyMatch(k -> k.endsWith("c-other")), published.keySet().toString());
  }

  @Test
  @Order(7)
  void onlyJsonAndNdjsonBodiesAreReadAndNoCrossOriginRequestIsAllowed() throws Exception {
    String call = """
        {"id": "c-type", "timestamp": "2026-11-28T12:00:00Z", "app": "a", "model": "m", "prompt": "p", "response": "r"}
        """;
    for (String type : java.util.Arrays.asList("text/plain", "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x", null)) {
      Reply r = post("/v1/calls", type, call);
      assertEquals(415, r.status(), type + ": " + r.json());
      assertTrue(r.json().get("error").asText().contains("send application/json or application/x-ndjson"),
          r.json().toString());
    }
    assertEquals(202, post("/v1/calls", "application/json; charset=utf-8", call).status());
    assertEquals(202, post("/v1/calls", "application/jsonl", call).status());

    HttpResponse<String> preflight = HTTP.send(HttpRequest.newBuilder(URI.create(root + "v1/calls"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://evil.example")
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "authorization,content-type").build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(405, preflight.statusCode(), preflight.body());
    HttpResponse<String> cross = HTTP.send(HttpRequest.newBuilder(URI.create(root + "v1/calls"))
        .header("Origin", "https://evil.example").header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + ACME_KEY).POST(HttpRequest.BodyPublishers.ofString(call)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(202, cross.statusCode(), cross.body());
    for (HttpResponse<String> r : List.of(preflight, cross)) {
      assertTrue(r.headers().map().keySet().stream().noneMatch(h -> h.toLowerCase().startsWith("access-control-")),
          r.headers().toString());
    }
  }

  @Test
  @Order(3)
  void aGzipBodyIsInflatedABrokenOneIsA400AndEveryAnswerCarriesTheSecurityHeaders() throws Exception {
    String call = """
        {"id": "c-gzip", "timestamp": "2026-11-28T12:00:00Z", "app": "a", "model": "m", "prompt": "p", "response": "r"}
        """;
    java.io.ByteArrayOutputStream zipped = new java.io.ByteArrayOutputStream();
    try (var gz = new java.util.zip.GZIPOutputStream(zipped)) {
      gz.write(call.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    HttpResponse<String> ok = gzipped(zipped.toByteArray());
    assertEquals(202, ok.statusCode(), ok.body());
    assertEquals("nosniff", ok.headers().firstValue("X-Content-Type-Options").orElse(""));
    assertEquals("no-referrer", ok.headers().firstValue("Referrer-Policy").orElse(""));
    assertTrue(ok.headers().firstValue("Content-Security-Policy").orElse("").contains("frame-ancestors 'none'"));

    byte[] broken = java.util.Arrays.copyOf(zipped.toByteArray(), 12);
    for (byte[] body : List.of(broken, "not gzip at all".getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
      HttpResponse<String> r = gzipped(body);
      assertEquals(400, r.statusCode(), r.body());
      assertTrue(Json.readTree(r.body()).get("error").asText().startsWith("body is not valid gzip"), r.body());
    }
  }

  @Test
  @Order(4)
  void aTimestampPostgresqlCannotStoreIsRejectedNamingTheField() throws Exception {
    Reply r = post("/v1/calls", "application/json", """
        {"id": "c-far", "timestamp": "+999999999-12-31T23:59:59Z", "app": "a", "model": "m", "prompt": "p", "response": "r"}
        """);
    assertEquals(400, r.status(), r.json().toString());
    assertEquals("timestamp", r.json().at("/rejected/0/errors/0/path").asText(), r.json().toString());
  }

  private HttpResponse<String> gzipped(byte[] body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(root + "v1/calls")).header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + ACME_KEY).header("Content-Encoding", "gzip").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Records on llm.calls.v1 by record key, read until {@code key} is among them. */
  private static Map<String, JsonNode> readUntil(String key) throws Exception {
    return read(keys -> keys.contains(key), key);
  }

  private static Map<String, JsonNode> read(int count) throws Exception {
    Map<String, JsonNode> out = read(keys -> keys.size() >= count, count + " records");
    assertEquals(count, out.size(), out.keySet().toString());
    return out;
  }

  private static Map<String, JsonNode> read(java.util.function.Predicate<java.util.Set<String>> done, String what)
      throws Exception {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerResource.bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "ingest-it");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    Map<String, JsonNode> out = new HashMap<>();
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      c.subscribe(List.of(Topics.CALLS));
      Await.until(what + " on " + Topics.CALLS, Duration.ofSeconds(30), () -> {
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
          out.put(r.key(), Json.mapper().readTree(r.value()));
        }
        return out.keySet();
      }, done);
    }
    return out;
  }
}
