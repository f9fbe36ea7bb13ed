package dev.glassbox.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.core.call.CallKey;
import dev.glassbox.core.json.Json;
import dev.glassbox.kafka.KafkaClients;
import dev.glassbox.kafka.Topics;
import dev.glassbox.platform.HostileCalls.Hostile;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Over 10,000 malformed records from a seeded generator, mixed with valid ones, sent over HTTP ({@code /v1/calls},
 * {@code /v1/openai}, {@code /v1/traces}) and straight into {@code llm.calls.v1}: every bad record is rejected with
 * a 4xx naming its field or lands in the DLQ with its reason, every valid one is stored, and no service restarts or
 * logs a stack trace per record.
 */
class HostileInputIT {

  private static final long SEED = 20261129L;
  private static final int HTTP_RECORDS = 5_600;
  private static final int KAFKA_RECORDS = 4_500;
  private static final int UTF8_BODIES = 100;
  private static final int OPENAI_PAIRS = 200;
  private static final int TRACES = 100;
  private static final double BAD_SHARE = 0.96;
  private static final int MAX_LINES = 150;
  private static final int MAX_BODY_BYTES = 6 * 1024 * 1024;
  /** Log lines that look like a stack trace, allowed in all service logs together: a few, not one per record. */
  private static final int MAX_TRACE_LINES = 20;
  /**
   * When the OpenAI pairs and OTLP spans say they happened: this JVM's start. A fixed date in the past was deleted by
   * the store's 90-day retention (first run a minute after start) whenever the calls were stored before it ran.
   */
  private static final Instant CALL_TIME = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private static final Duration STORED_TIMEOUT = Duration.ofMinutes(10);

  private static Platform platform;
  private static final String KEY_A = "hostile-tenant-a-key-0001";
  private static final String KEY_B = "hostile-tenant-b-key-0001";
  private static final Map<String, Long> pids = new HashMap<>();
  private static final Map<String, Object> REPORT = new LinkedHashMap<>();
  /** category → {sent, rejected as expected, accepted}. */
  private static final Map<String, int[]> OUTCOMES = new TreeMap<>();

  @BeforeAll
  static void startPlatform() throws Exception {
    Path home = GlassboxHome.find();
    Path dataDir = TestRuns.freshDataDir(home, "hostile");
    Map<String, Integer> services = TestRuns.onAnyPort("ingest", "explainer", "store");
    long t0 = System.nanoTime();
    // Besides the launcher's key (tenant default): one producer key each for tenants a and b.
    Map<String, Map<String, String>> env = Map.of("ingest",
        Map.of(Platform.INGEST_KEYS, "tenant-a:a:" + KEY_A + ",tenant-b:b:" + KEY_B));
    platform = Platform.start(new Platform.Settings(home, dataDir, Ports.ANY, Ports.ANY, services,
        true, Duration.ofMinutes(4), env, List.of()), line -> System.out.println("[hostile] " + line));
    REPORT.put("platform start (s)", round1(Platform.secondsSince(t0)));
    for (ServiceProcess sp : platform.services()) pids.put(sp.name(), sp.pid());
    System.out.println("[hostile] data and logs in " + dataDir);
  }

  @AfterAll
  static void stopPlatform() {
    if (platform != null) platform.close();
    System.out.println("[hostile] outcomes per category (sent / rejected with the expected reason / accepted):");
    OUTCOMES.forEach((k, v) -> System.out.printf("[hostile]   %-30s %6d / %6d / %6d%n", k, v[0], v[1], v[2]));
    REPORT.forEach((k, v) -> System.out.printf("[hostile]   %-50s %s%n", k, v));
  }

  @Test
  void everyBadRecordIsRejectedWithItsReasonAndEveryValidOneIsStored() throws Exception {
    HostileCalls gen = new HostileCalls(SEED, "h-");
    String ingest = platform.service("ingest").baseUrl();
    long t0 = System.nanoTime();
    Set<String> validIds = new HashSet<>();
    int malformed = 0;

    // 1. POST /v1/calls: the limit cases alone, then the random mix in NDJSON batches.
    IngestClient calls = platform.ingestClient();
    for (String c : HostileCalls.ONCE) {
      Hostile h = gen.good(c);
      IngestClient.Result r = calls.post(h.bytes(), IngestClient.JSON);
      assertEquals(202, r.status(), c + ": " + abbreviate(r.body()));
      tally(h, false, true);
      validIds.add(h.id());
    }
    List<Hostile> mix = gen.mix(HTTP_RECORDS, BAD_SHARE);
    int from = 0;
    while (from < mix.size()) {
      List<Hostile> batch = new ArrayList<>();
      batch.add(gen.good("plain")); // a body that starts with '[' would be read as one JSON array
      int bytes = 0;
      while (from < mix.size() && batch.size() < MAX_LINES && bytes + mix.get(from).bytes().length < MAX_BODY_BYTES) {
        bytes += mix.get(from).bytes().length;
        batch.add(mix.get(from++));
      }
      malformed += postAndCheck(calls, batch, validIds);
    }
    REPORT.put("/v1/calls records posted", HTTP_RECORDS + HostileCalls.ONCE.size());

    // 2. Bodies that are not UTF-8, a body with too many records, a body over the size limit: whole-request errors.
    for (int i = 0; i < UTF8_BODIES; i++) {
      Hostile h = gen.invalidUtf8();
      IngestClient.Result r = calls.post(h.bytes(), IngestClient.NDJSON);
      boolean ok = r.status() == 400 && r.body().contains("UTF-8");
      assertTrue(ok, "invalid UTF-8 body: " + r.status() + " " + abbreviate(r.body()));
      tally(h, true, false);
      malformed++;
    }
    String tooMany = "{}\n".repeat(10_001);
    IngestClient.Result many = calls.post(tooMany, IngestClient.NDJSON);
    assertEquals(413, many.status(), abbreviate(many.body()));
    assertTrue(many.body().contains("10000"), many.body());
    count("too-many-records (request)", true);
    byte[] huge = new byte[9 * 1024 * 1024];
    java.util.Arrays.fill(huge, (byte) ' ');
    huge[0] = '{';
    huge[huge.length - 1] = '}';
    // HTTP/1.1: over HTTP/2 the server refuses an oversized stream with GOAWAY instead of a status. With
    // "Expect: 100-continue", as curl sends for large bodies, the 413 comes before any of the body is sent; without
    // it the server answers and closes while the client may still be writing, and the client can see only a reset.
    java.net.http.HttpResponse<String> big = java.net.http.HttpClient.newBuilder()
        .version(java.net.http.HttpClient.Version.HTTP_1_1).build()
        .send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(ingest + "/v1/calls")).expectContinue(true)
            .header("Content-Type", IngestClient.JSON).header("Authorization", "Bearer " + platform.ingestKey())
            .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(huge))
            .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(413, big.statusCode(), abbreviate(big.body()));
    count("body-over-8MiB (request)", true);
    malformed += 2;

    // 3. POST /v1/openai and /v1/traces: the same kinds of damage in the other formats.
    malformed += openAi(gen, ingest, validIds);
    malformed += traces(gen, ingest, validIds);
    REPORT.put("HTTP done after (s)", round1(Platform.secondsSince(t0)));

    // 4. Straight into llm.calls.v1, as an application with its own producer would write.
    List<Hostile> kafkaMix = new ArrayList<>(gen.mix(KAFKA_RECORDS, BAD_SHARE));
    for (int i = 0; i < UTF8_BODIES; i++) kafkaMix.add(gen.invalidUtf8());
    Map<String, Hostile> badByKey = new LinkedHashMap<>();
    produce(kafkaMix, badByKey, validIds);
    malformed += badByKey.size();
    REPORT.put("records produced to Kafka (bad)", kafkaMix.size() + " (" + badByKey.size() + ")");
    REPORT.put("malformed records sent in all", malformed);
    REPORT.put("valid records sent in all", validIds.size());
    assertTrue(malformed >= 10_000, "at least 10,000 malformed records: " + malformed);

    // 5. Every valid record stored; every bad Kafka record in the DLQ once, with its reason.
    awaitStored(validIds);
    REPORT.put("all valid stored after (s)", round1(Platform.secondsSince(t0)));
    List<ConsumerRecord<String, byte[]>> dlq = awaitDlq(badByKey.size());
    Map<String, Integer> seen = new HashMap<>();
    for (ConsumerRecord<String, byte[]> r : dlq) {
      seen.merge(r.key(), 1, Integer::sum);
      Hostile h = badByKey.get(r.key());
      assertTrue(h != null, "DLQ record " + r.key() + " was not a bad record sent");
      Header reason = r.headers().lastHeader(Topics.HEADER_REASON);
      assertTrue(reason != null, "reason header on " + r.key());
      String why = new String(reason.value(), StandardCharsets.UTF_8);
      boolean named = switch (h.expectedPath()) {
        case HostileCalls.INVALID_JSON -> why.contains("invalid JSON");
        case HostileCalls.INVALID_UTF8 -> why.contains("UTF-8");
        default -> why.startsWith(h.expectedPath() + ": ") || why.contains("; " + h.expectedPath() + ": ");
      };
      assertTrue(named, h.category() + " " + r.key() + ": reason '" + why + "' should name " + h.expectedPath());
      tally(h, true, false);
    }
    assertEquals(badByKey.keySet(), seen.keySet(), "every bad Kafka record is in the DLQ");
    assertTrue(seen.values().stream().allMatch(n -> n == 1), "each exactly once");
    REPORT.put("DLQ'd (each with its reason)", dlq.size());

    // 6. Nothing restarted; no stack trace per record.
    for (ServiceProcess sp : platform.services()) {
      assertTrue(sp.isAlive(), sp.name() + " is alive");
      assertEquals(pids.get(sp.name()), sp.pid(), sp.name() + " was never restarted");
    }
    int traceLines = 0;
    for (ServiceProcess sp : platform.services()) {
      long n = traceLines(Files.readAllLines(sp.logFile(), StandardCharsets.UTF_8));
      REPORT.put("stack-trace-like log lines in " + sp.name(), n);
      traceLines += (int) n;
    }
    assertTrue(traceLines <= MAX_TRACE_LINES, traceLines + " stack-trace-like log lines for " + malformed
        + " malformed records; see " + platform.settings().dataDir().resolve("logs"));
  }

  /**
   * Lines of a log that look like a stack trace, leaving out Vert.x's blocked-thread warnings and their traces: those
   * say the machine was too busy to run an event loop for two seconds (a loaded build host), not that a record failed.
   */
  static long traceLines(List<String> log) {
    long n = 0;
    boolean blockedWarning = false;
    for (String l : log) {
      if (l.contains("BlockedThreadChecker")) {
        blockedWarning = true;
        continue;
      }
      boolean traceLine = l.startsWith("\tat ") || l.startsWith("\t... ") || l.isBlank();
      if (blockedWarning && traceLine) continue;
      blockedWarning = false;
      if (l.startsWith("\tat ") || l.contains("Exception")) n++;
    }
    return n;
  }

  @Test
  void aCallWithAFarFutureTimestampIsRejectedNamingTheField() throws Exception {
    HostileCalls gen = new HostileCalls(SEED, "h-far-");
    ObjectNode call = (ObjectNode) Json.readTree(gen.good("plain").text());
    call.put("timestamp", HostileCalls.FAR_FUTURE);
    IngestClient.Result r = platform.ingestClient().post(Json.string(call),
        IngestClient.JSON);
    assertEquals(400, r.status(), abbreviate(r.body()));
    assertTrue(names(r.rejected().get(0).path("errors"), "timestamp"), abbreviate(r.body()));
  }

  @Test
  void anExplanationPostgresqlRefusesLandsOnTheStoresDlqWithItsReason() throws Exception {
    // An explanation as the explainer writes it, but with a timestamp that decodes and PostgreSQL cannot store.
    Hostile valid = new HostileCalls(SEED, "h-refused-").good("plain");
    IngestClient.Result r = platform.ingestClient().post(valid.bytes(),
        IngestClient.JSON);
    assertEquals(202, r.status(), abbreviate(r.body()));
    ConsumerRecord<String, byte[]> explained = PlatformAwait.until(platform, "the explanation of " + valid.id(),
        STORED_TIMEOUT, () -> keyed(Topics.EXPLANATIONS, new CallKey(Platform.INGEST_TENANT, valid.id()).recordKey()),
        java.util.Objects::nonNull);
    ObjectNode explanation = (ObjectNode) Json.readTree(new String(explained.value(), StandardCharsets.UTF_8));
    String id = valid.id() + "-far";
    explanation.put("call_id", id);
    explanation.put("timestamp", HostileCalls.FAR_FUTURE);
    produceOne(Topics.EXPLANATIONS, id, Json.bytes(explanation));

    ConsumerRecord<String, byte[]> dead = PlatformAwait.until(platform, id + " in " + Topics.EXPLANATIONS_DLQ,
        STORED_TIMEOUT, () -> keyed(Topics.EXPLANATIONS_DLQ, id), java.util.Objects::nonNull);
    Header reason = dead.headers().lastHeader(Topics.HEADER_REASON);
    assertTrue(reason != null, "reason header on " + id);
    String why = new String(reason.value(), StandardCharsets.UTF_8);
    assertTrue(why.startsWith("PostgreSQL refused call " + id), why);
  }

  @Test
  void aCallIsItsTenantsAloneAChangedOneIsRefusedWithAReasonAndADeletedOneStaysDeleted() throws Exception {
    String call = """
        {"id": "shared-1", "timestamp": "%s", "app": "identity", "model": "m", "prompt": "Where is the tower?",
         "response": "%s"}
        """;
    String original = call.formatted(CALL_TIME, "The tower is in Paris.");
    IngestClient a = new IngestClient(platform.service("ingest").baseUrl(), KEY_A);
    IngestClient b = new IngestClient(platform.service("ingest").baseUrl(), KEY_B);
    assertEquals(202, a.post(original, IngestClient.JSON).status());
    awaitResponse("a", "The tower is in Paris.");

    // Tenant b's call with a's id is b's own call: a's row stays as it was.
    assertEquals(202, b.post(call.formatted(CALL_TIME, "Owned by b now."), IngestClient.JSON).status());
    awaitResponse("b", "Owned by b now.");
    assertEquals("The tower is in Paris.", response("a"));
    // Naming tenant a in the body does not make it a's call: the key decides, so ingest refuses it.
    IngestClient.Result forged = b.post(original.replace("\"id\"", "\"tenant\": \"a\", \"id\""), IngestClient.JSON);
    assertEquals(400, forged.status(), forged.body());
    assertTrue(names(forged.rejected().get(0).path("errors"), "tenant"), forged.body());

    // A changed call with the same tenant and id (no newer revision) is refused by the store with its reason.
    assertEquals(202, a.post(call.formatted(CALL_TIME, "Changed by a replay."), IngestClient.JSON).status());
    String key = new CallKey("a", "shared-1").recordKey();
    assertTrue(awaitStoreDlq(key, "call shared-1 of tenant a is stored with other content").contains("revision"));
    assertEquals("The tower is in Paris.", response("a"));
    assertTrue(storeMetric("glassbox_store_refused_total{reason=\"changed\"}") >= 1.0);

    // Deleted over the API, then replayed: it stays deleted, and the replay is refused with its reason.
    java.net.http.HttpResponse<String> deleted = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(platform.service("store").baseUrl()
            + "/api/calls/shared-1?tenant=a")).header("Authorization", "Bearer " + platform.storeAdminToken())
            .DELETE().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(204, deleted.statusCode(), deleted.body());
    assertEquals(202, a.post(original, IngestClient.JSON).status());
    awaitStoreDlq(key, "call shared-1 of tenant a was deleted at ");
    assertEquals(null, response("a"));
    assertEquals("Owned by b now.", response("b"), "tenant b's call is untouched");
    assertTrue(storeMetric("glassbox_store_refused_total{reason=\"deleted\"}") >= 1.0);
  }

  /** The stored response of tenant {@code tenant}'s call shared-1, or null. */
  private static String response(String tenant) throws Exception {
    try (Connection c = platform.pg().connect();
         PreparedStatement ps = c.prepareStatement("select response from calls where tenant = ? and call_id = ?")) {
      ps.setString(1, tenant);
      ps.setString(2, "shared-1");
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private static void awaitResponse(String tenant, String expected) {
    PlatformAwait.until(platform, "tenant " + tenant + "'s shared-1 stored", STORED_TIMEOUT, () -> response(tenant),
        expected::equals);
  }

  /** Waits for a record of {@code key} on the store's DLQ whose reason starts so; returns the reason. */
  private static String awaitStoreDlq(String key, String reasonStart) {
    return PlatformAwait.until(platform, "'" + reasonStart + "' on " + Topics.EXPLANATIONS_DLQ, STORED_TIMEOUT,
        () -> TopicReader.readCommitted(platform.kafka().bootstrapServers(), Topics.EXPLANATIONS_DLQ,
            Duration.ofMinutes(1)).stream().filter(r -> key.equals(r.key()))
            .map(r -> r.headers().lastHeader(Topics.HEADER_REASON))
            .filter(java.util.Objects::nonNull).map(h -> new String(h.value(), StandardCharsets.UTF_8))
            .filter(why -> why.startsWith(reasonStart)).findFirst().orElse(null), java.util.Objects::nonNull);
  }

  /** One sample of the store's Prometheus metrics, 0 when absent. */
  private static double storeMetric(String sample) throws Exception {
    String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create(platform.service("store").baseUrl() + "/q/metrics")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    return metrics.lines().filter(l -> l.startsWith(sample + " ")).mapToDouble(l -> Double.parseDouble(
        l.substring(sample.length() + 1).strip())).findFirst().orElse(0.0);
  }

  /** The last record of {@code topic} with {@code key}, or null. */
  private static ConsumerRecord<String, byte[]> keyed(String topic, String key) {
    List<ConsumerRecord<String, byte[]>> all = TopicReader.readCommitted(platform.kafka().bootstrapServers(), topic,
        Duration.ofMinutes(1));
    return all.stream().filter(x -> key.equals(x.key())).reduce((a, b) -> b).orElse(null);
  }

  // --- /v1/calls --------------------------------------------------------------------------------

  /** Posts one NDJSON batch and checks each record's outcome; returns how many bad records it held. */
  private static int postAndCheck(IngestClient client, List<Hostile> batch, Set<String> validIds) throws Exception {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (Hostile h : batch) {
      body.write(h.bytes());
      body.write('\n');
    }
    IngestClient.Result r = client.post(body.toByteArray(), IngestClient.NDJSON);
    assertTrue(r.status() == 202 || r.status() == 207, "batch answered " + r.status() + ": " + abbreviate(r.body()));
    Map<Integer, JsonNode> rejectedByIndex = new HashMap<>();
    if (r.rejected() != null) r.rejected().forEach(j -> rejectedByIndex.put(j.path("index").asInt(), j));
    Set<String> accepted = new HashSet<>(r.accepted());
    int bad = 0;
    for (int i = 0; i < batch.size(); i++) {
      Hostile h = batch.get(i);
      JsonNode rej = rejectedByIndex.get(i);
      if (h.valid()) {
        assertTrue(rej == null && accepted.contains(h.id()), h.category() + " " + h.id() + " not accepted: " + rej);
        validIds.add(h.id());
        tally(h, false, true);
        continue;
      }
      bad++;
      assertTrue(rej != null, h.category() + " at index " + i + " was not rejected: " + abbreviate(h.text()));
      assertTrue(names(rej.path("errors"), h.expectedPath()), h.category() + ": " + rej + " should name "
          + h.expectedPath());
      tally(h, true, false);
    }
    assertEquals(batch.size() - bad, accepted.size(), "only the valid records are accepted");
    return bad;
  }

  /** Whether the errors hold the expected path with a reason (an unparseable line is named by its line). */
  private static boolean names(JsonNode errors, String expectedPath) {
    for (JsonNode e : errors) {
      String path = e.path("path").asText();
      String reason = e.path("reason").asText();
      if (reason.isBlank()) continue;
      boolean ok = switch (expectedPath) {
        case HostileCalls.INVALID_JSON -> (path.startsWith("line ") || path.equals("$")) && reason.contains("invalid JSON");
        default -> path.equals(expectedPath) || path.startsWith(expectedPath + ".") || path.startsWith(expectedPath + "[");
      };
      if (ok) return true;
    }
    return false;
  }

  // --- /v1/openai and /v1/traces -------------------------------------------------------------

  private static int openAi(HostileCalls gen, String ingest, Set<String> validIds) throws Exception {
    IngestClient client = platform.ingestClient("/v1/openai?app=hostile-openai");
    java.util.Random rnd = new java.util.Random(SEED + 1);
    List<String> lines = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < OPENAI_PAIRS; i++) {
      String id = String.format("h-openai-%04d", i);
      ObjectNode pair = openAiPair(id);
      String kind = i == 0 ? "valid" : List.of("valid", "invalid-json", "request-not-object", "no-response",
          "no-choices", "no-messages", "no-created").get(rnd.nextInt(7));
      String path = null;
      switch (kind) {
        case "valid" -> { }
        case "request-not-object" -> {
          pair.put("request", 5);
          path = "request";
        }
        case "no-response" -> {
          pair.remove("response");
          path = "response";
        }
        case "no-choices" -> {
          ((ObjectNode) pair.get("response")).putArray("choices");
          path = "response.choices";
        }
        case "no-messages" -> {
          ((ObjectNode) pair.get("request")).remove("messages");
          path = "request.messages";
        }
        case "no-created" -> {
          ((ObjectNode) pair.get("response")).remove("created");
          path = "response.created";
        }
        case "invalid-json" -> path = HostileCalls.INVALID_JSON;
        default -> throw new IllegalStateException(kind);
      }
      String text = Json.string(pair);
      if (kind.equals("invalid-json")) text = text.substring(0, 1 + rnd.nextInt(text.length() - 2));
      lines.add(text);
      expected.add(path);
      ids.add(id);
    }
    IngestClient.Result r = client.postNdjson(lines);
    assertEquals(207, r.status(), abbreviate(r.body()));
    Map<Integer, JsonNode> rejected = new HashMap<>();
    r.rejected().forEach(j -> rejected.put(j.path("index").asInt(), j));
    int bad = 0;
    for (int i = 0; i < lines.size(); i++) {
      String path = expected.get(i);
      if (path == null) {
        assertTrue(r.accepted().contains(ids.get(i)), "openai pair " + ids.get(i) + ": " + rejected.get(i));
        validIds.add(ids.get(i));
        count("openai:valid", false);
      } else {
        bad++;
        JsonNode rej = rejected.get(i);
        assertTrue(rej != null && names(rej.path("errors"), path), "openai pair " + i + " should name " + path + ": "
            + rej);
        count("openai:" + (path.equals(HostileCalls.INVALID_JSON) ? "invalid-json" : path), true);
      }
    }
    return bad;
  }

  static ObjectNode openAiPair(String id) throws Exception {
    return (ObjectNode) Json.readTree("""
        {"request": {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "What is the capital of France?"}]},
         "response": {"id": "%s", "object": "chat.completion", "created": %d, "model": "gpt-4o-mini",
           "choices": [{"index": 0, "message": {"role": "assistant", "content": "Paris."}}]}}
        """.formatted(id, CALL_TIME.getEpochSecond()));
  }

  private static int traces(HostileCalls gen, String ingest, Set<String> validIds) throws Exception {
    IngestClient client = platform.ingestClient("/v1/traces");
    java.util.Random rnd = new java.util.Random(SEED + 2);
    int bad = 0;
    for (int i = 0; i < TRACES; i++) {
      String traceId = String.format("%032x", 0xabc000L + i);
      String spanId = String.format("%016x", 0x1000L + i);
      String kind = i == 0 ? "valid" : List.of("valid", "invalid-json", "no-resource-spans", "bad-trace-id",
          "bad-span-id").get(rnd.nextInt(5));
      String body = trace(kind.equals("bad-trace-id") ? "xyz" : traceId, kind.equals("bad-span-id") ? "12" : spanId);
      String path = switch (kind) {
        case "valid" -> null;
        case "invalid-json" -> HostileCalls.INVALID_JSON;
        case "no-resource-spans" -> "resourceSpans";
        case "bad-trace-id" -> "resourceSpans[0].scopeSpans[0].spans[0].traceId";
        case "bad-span-id" -> "resourceSpans[0].scopeSpans[0].spans[0].spanId";
        default -> throw new IllegalStateException(kind);
      };
      if (kind.equals("no-resource-spans")) body = "{\"resource_spans_misspelt\": []}";
      if (kind.equals("invalid-json")) body = body.substring(0, 1 + rnd.nextInt(body.length() - 2));
      IngestClient.Result r = client.post(body, IngestClient.JSON);
      if (path == null) {
        assertEquals(202, r.status(), abbreviate(r.body()));
        validIds.add(traceId + "-" + spanId);
        count("traces:valid", false);
        continue;
      }
      bad++;
      assertEquals(400, r.status(), kind + ": " + abbreviate(r.body()));
      JsonNode rej = r.rejected() == null || r.rejected().isEmpty() ? null : r.rejected().get(0);
      boolean named = rej != null && names(rej.path("errors"), path)
          || rej != null && path.contains(".spans[") && rej.toString().contains(path.substring(path.lastIndexOf('.')));
      assertTrue(named, kind + " should name " + path + ": " + abbreviate(r.body()));
      count("traces:" + kind, true);
    }
    return bad;
  }

  private static String trace(String traceId, String spanId) {
    return """
        {"resourceSpans": [{"resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "hostile-otel"}}]},
          "scopeSpans": [{"spans": [
            {"traceId": "%s", "spanId": "%s", "name": "chat gpt-4o",
             "startTimeUnixNano": "%d", "attributes": [
               {"key": "gen_ai.operation.name", "value": {"stringValue": "chat"}},
               {"key": "gen_ai.request.model", "value": {"stringValue": "gpt-4o"}},
               {"key": "gen_ai.input.messages", "value": {"stringValue": "[{\\"role\\":\\"user\\",\\"parts\\":[{\\"type\\":\\"text\\",\\"content\\":\\"Where is the Eiffel Tower?\\"}]}]"}},
               {"key": "gen_ai.output.messages", "value": {"stringValue": "[{\\"role\\":\\"assistant\\",\\"parts\\":[{\\"type\\":\\"text\\",\\"content\\":\\"In Paris.\\"}]}]"}}]}]}]}]}
        """.formatted(traceId, spanId, CALL_TIME.getEpochSecond() * 1_000_000_000L);
  }

  // --- Kafka -------------------------------------------------------------------------------------

  private static void produce(List<Hostile> records, Map<String, Hostile> badByKey, Set<String> validIds)
      throws Exception {
    List<Future<RecordMetadata>> sends = new ArrayList<>();
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProperties(), new StringSerializer(),
        new ByteArraySerializer())) {
      for (int i = 0; i < records.size(); i++) {
        Hostile h = records.get(i);
        String key = String.format("hk-%05d", i);
        if (h.valid()) {
          key = h.id();
          validIds.add(h.id());
          tally(h, false, true); // counted as accepted once it is stored (checked below)
        } else {
          badByKey.put(key, h);
        }
        sends.add(producer.send(new ProducerRecord<>(Topics.CALLS, key, h.bytes())));
      }
      producer.flush();
      for (Future<RecordMetadata> f : sends) f.get(1, TimeUnit.MINUTES);
    }
  }

  private static void produceOne(String topic, String key, byte[] value) throws Exception {
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProperties(), new StringSerializer(),
        new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic, key, value)).get(1, TimeUnit.MINUTES);
    }
  }

  private static Properties producerProperties() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafka().bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, KafkaClients.MAX_RECORD_BYTES);
    return p;
  }

  private static void awaitStored(Set<String> ids) {
    PlatformAwait.until(platform, "all " + ids.size() + " valid records stored", STORED_TIMEOUT, () -> {
      try (Connection c = platform.pg().connect();
           PreparedStatement ps = c.prepareStatement("select count(*) from calls where call_id = any (?)")) {
        ps.setArray(1, c.createArrayOf("text", ids.toArray()));
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getInt(1);
        }
      }
    }, stored -> stored == ids.size());
  }

  /** Waits until the DLQ holds at least {@code n} records and returns them all; the caller checks which. */
  private static List<ConsumerRecord<String, byte[]>> awaitDlq(int n) {
    PlatformAwait.until(platform, "at least " + n + " records in " + Topics.CALLS_DLQ, STORED_TIMEOUT,
        () -> readDlq().size(), size -> size >= n);
    return readDlq();
  }

  private static List<ConsumerRecord<String, byte[]>> readDlq() {
    return TopicReader.readCommitted(platform.kafka().bootstrapServers(), Topics.CALLS_DLQ, Duration.ofMinutes(1));
  }

  // --- bookkeeping ---------------------------------------------------------------------------

  private static void tally(Hostile h, boolean rejected, boolean accepted) {
    String where = h.valid() ? "valid:" : "bad:";
    int[] o = OUTCOMES.computeIfAbsent(where + h.category(), k -> new int[3]);
    o[0]++;
    if (rejected) o[1]++;
    if (accepted) o[2]++;
  }

  private static void count(String category, boolean rejected) {
    int[] o = OUTCOMES.computeIfAbsent(category, k -> new int[3]);
    o[0]++;
    o[rejected ? 1 : 2]++;
  }

  private static String abbreviate(String s) {
    return s.length() <= 400 ? s : s.substring(0, 400) + "...";
  }

  private static double round1(double x) {
    return Math.round(x * 10) / 10.0;
  }
}
