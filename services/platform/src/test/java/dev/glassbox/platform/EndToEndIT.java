package dev.glassbox.platform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.core.call.CallKey;
import dev.glassbox.core.json.Json;
import dev.glassbox.core.redact.PlantedCorpus;
import dev.glassbox.kafka.Topics;
import dev.glassbox.platform.DemoData.DemoCall;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole pipeline from the packaged services: HTTP ingest → Kafka → explainer → Kafka → store →
 * PostgreSQL and the store's HTTP API, with a real broker and database started by the test.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndIT {

  /** Generous: on a 2-core machine shared with builds, the 29 WikiBio calls (10 samples each) take minutes. */
  private static final Duration STORED_TIMEOUT = Duration.ofMinutes(5);
  private static final String HAND_MADE_ID = "e2e-logprobs-paris";
  private static final int BATCH = 50;
  private static final String RAW_OPENAI_TOPIC = "e2e.openai.raw";
  private static final int DRIFT_WINDOW = 40;
  /** Timestamp of the adapter-format records: recent, so the store's retention job (90 days) keeps them. */
  private static final long NOW_SECONDS = java.time.Instant.now().getEpochSecond();
  /** The hand-made calls' timestamp, recent so that the store's 90-day retention never deletes them mid-run. */
  private static final String NOW = java.time.Instant.ofEpochSecond(NOW_SECONDS).toString();
  private static final ObjectMapper JSON = Json.mapper();

  /** A producer key of tenant acme, besides the launcher's. */
  private static final String ACME_KEY = "e2e-tenant-acme-key-0001";
  /** A store reviewer key of tenant default (the launcher's producer tenant), in the name:role:tenant:token. */
  private static final String REVIEWER_TOKEN = "e2e-reviewer-token-000001";
  private static Platform platform;
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Map<String, Object> REPORT = new LinkedHashMap<>();

  /** The 200 posted records in order: NDJSON lines, with the expected error path prefix for the invalid ones. */
  private static final List<String> LINES = new ArrayList<>();
  private static final List<String> EXPECTED_ERROR = new ArrayList<>();
  private static final List<String> LINE_IDS = new ArrayList<>();
  /** What ingest answered to each batch of the 200 records; empty until a test needs them posted. */
  private static final List<IngestClient.Result> ANSWERS = new ArrayList<>();
  private static final List<String> accepted = new ArrayList<>();
  private static long firstPostNanos;

  @BeforeAll
  static void startPlatform() throws Exception {
    Path home = GlassboxHome.find();
    for (String s : List.of("ingest", "explainer", "store", "drift")) {
      if (!Files.isRegularFile(ServiceProcess.quarkusJar(home, s))) {
        fail("EndToEndIT needs the packaged services; " + ServiceProcess.quarkusJar(home, s) + " is missing. "
            + "Run the whole build (./mvnw verify packages every service before this module) or "
            + "./mvnw -DskipTests install first.");
      }
    }
    // Keep only the latest run's data and logs: each run leaves ~50 MB of PostgreSQL data.
    Path dataDir = TestRuns.freshDataDir(home, "e2e");
    Map<String, Integer> services = TestRuns.onAnyPort("ingest", "explainer", "store", "drift");
    // The explainer also reads a topic of raw OpenAI pairs, as an app that logs to Kafka would write them; the
    // drift service closes windows by count so that the test sees reports within minutes.
    Map<String, Map<String, String>> env = Map.of(
        "explainer", Map.of("GLASSBOX_EXPLAINER_INPUTS", Topics.CALLS + "=native," + RAW_OPENAI_TOPIC + "=openai",
            "QUARKUS_KAFKA_STREAMS_TOPICS", Topics.CALLS + "," + RAW_OPENAI_TOPIC),
        "drift", Map.of("GLASSBOX_DRIFT_WINDOW_CALLS", Integer.toString(DRIFT_WINDOW)),
        // The planted PII corpus is tenant acme's: a producer key of that tenant sends it.
        "ingest", Map.of(Platform.INGEST_KEYS, "e2e-acme:acme:" + ACME_KEY),
        "store", Map.of(Platform.STORE_KEYS, "e2e-reviewer:reviewer:" + Platform.INGEST_TENANT + ":" + REVIEWER_TOKEN));
    long t0 = System.nanoTime();
    platform = Platform.start(new Platform.Settings(home, dataDir, Ports.ANY, Ports.ANY, services,
        true, Duration.ofMinutes(4), env, List.of(RAW_OPENAI_TOPIC)), line -> System.out.println("[e2e] " + line));
    REPORT.put("platform start (s)", round1(Platform.secondsSince(t0)));
    System.out.println("[e2e] data and logs in " + dataDir);
    buildRecords();
  }

  @AfterAll
  static void stopPlatform() {
    if (platform != null) {
      try (Connection c = platform.pg().connect()) {
        for (String t : List.of("calls", "explanations", "explanation_sentences", "explanation_tokens",
            "drift_reports")) {
          REPORT.put("rows in " + t, count(c, "select count(*) from " + t));
        }
      } catch (Exception e) {
        REPORT.put("final counts", "unavailable: " + e.getMessage());
      }
      platform.close();
    }
    System.out.println("[e2e] checked:");
    REPORT.forEach((k, v) -> System.out.printf("[e2e]   %-40s %s%n", k, v));
  }

  // --- the records -----------------------------------------------------------------------------

  /**
   * 180 valid calls (169 HaluEval and 10 WikiBio demo calls, one hand-made with known log-probs) and 20 invalid
   * ones, every tenth record from the fourth.
   */
  private static void buildRecords() throws Exception {
    List<DemoCall> demo = DemoData.load();
    List<String> valid = new ArrayList<>();
    List<String> validIds = new ArrayList<>();
    valid.add(handMadeCall());
    validIds.add(HAND_MADE_ID);
    demo.stream().filter(c -> c.id().startsWith("halueval")).limit(169).forEach(c -> {
      valid.add(c.json());
      validIds.add(c.id());
    });
    demo.stream().filter(c -> c.id().startsWith("wikibio")).limit(10).forEach(c -> {
      valid.add(c.json());
      validIds.add(c.id());
    });
    List<String[]> invalid = invalidCalls();
    assertEquals(180, valid.size());
    assertEquals(20, invalid.size());
    int v = 0, bad = 0;
    for (int i = 0; i < 200; i++) {
      if (i % 10 == 3) {
        String[] x = invalid.get(bad++);
        LINES.add(x[0]);
        EXPECTED_ERROR.add(x[1]);
        LINE_IDS.add(null);
      } else {
        LINES.add(valid.get(v));
        EXPECTED_ERROR.add(null);
        LINE_IDS.add(validIds.get(v++));
      }
    }
  }

  private static ObjectNode base(String id) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", id);
    n.put("timestamp", NOW);
    n.put("app", "e2e");
    n.put("model", "hand-made");
    n.put("prompt", "Say something about Paris.");
    n.put("response", "Paris is nice.");
    n.putArray("context").addObject().put("id", "kb-1").put("text", "Paris is the capital of France.");
    return n;
  }

  /** Response "Paris is nice." with four tokens whose log-probs average -0.15. */
  static String handMadeCall() {
    ObjectNode n = base(HAND_MADE_ID);
    ArrayNode lps = n.putArray("logprobs");
    Object[][] tokens = {{"Paris", -0.1, "London", -2.5}, {" is", -0.2, " was", -1.9},
        {" nice", -0.3, " big", -1.5}, {".", -0.0, "!", -6.0}};
    for (Object[] t : tokens) {
      ObjectNode o = lps.addObject().put("token", (String) t[0]).put("logprob", (double) t[1]);
      ArrayNode top = o.putArray("top_logprobs");
      top.addObject().put("token", (String) t[0]).put("logprob", (double) t[1]);
      top.addObject().put("token", (String) t[2]).put("logprob", (double) t[3]);
    }
    return Json.string(n);
  }

  /** Pairs of (record, path prefix of the expected field error). */
  private static List<String[]> invalidCalls() {
    List<String[]> out = new ArrayList<>();
    add(out, "prompt", n -> n.remove("prompt"));
    add(out, "logprobs[0].logprob", n -> n.putArray("logprobs").addObject().put("token", "Paris").put("logprob", 0.5));
    add(out, "timestamp", n -> n.put("timestamp", "yesterday"));
    add(out, "id", n -> n.put("id", "x".repeat(129)));
    out.add(new String[] {"this is not JSON {", "line "});
    add(out, "response", n -> n.remove("response"));
    add(out, "app", n -> n.remove("app"));
    add(out, "model", n -> n.put("model", 42));
    add(out, "prompt", n -> n.putArray("prompt"));
    add(out, "prompt[0].role", n -> n.putArray("prompt").addObject().put("content", "hi"));
    add(out, "timestamp", n -> n.put("timestamp", "2026-11-28T12:00:00"));
    add(out, "context", n -> n.put("context", "not a list"));
    add(out, "context[0].text", n -> n.putArray("context").addObject().put("id", "kb-1"));
    add(out, "samples", n -> n.put("samples", "one sample"));
    add(out, "samples[0]", n -> n.putArray("samples").add(7));
    add(out, "logprobs", n -> n.put("logprobs", -0.1));
    add(out, "logprobs[0].top_logprobs", n -> n.putArray("logprobs").addObject().put("token", "Paris")
        .put("logprob", -0.1).put("top_logprobs", "none"));
    add(out, "attributes", n -> n.putArray("attributes").add(1));
    add(out, "id", n -> n.put("id", "   "));
    out.add(new String[] {"[1, 2]", "$"});
    return out;
  }

  private static int invalidSeq;

  private static void add(List<String[]> out, String path, Consumer<ObjectNode> breakIt) {
    ObjectNode n = base("e2e-invalid-" + (invalidSeq++));
    breakIt.accept(n);
    out.add(new String[] {Json.string(n), path});
  }

  /** Posts the 200 records once, for whichever test needs them first; returns ingest's answer to each batch. */
  private static synchronized List<IngestClient.Result> postedRecords() throws Exception {
    if (ANSWERS.isEmpty()) {
      IngestClient ingest = platform.ingestClient();
      firstPostNanos = System.nanoTime();
      for (int from = 0; from < LINES.size(); from += BATCH) {
        IngestClient.Result r = postBatch(ingest, from);
        ANSWERS.add(r);
        accepted.addAll(r.accepted());
      }
    }
    return ANSWERS;
  }

  /** The accepted ids of the 200 records, once each is explained and stored. */
  private static List<String> storedRecords() throws Exception {
    postedRecords();
    try (Connection c = platform.pg().connect()) {
      awaitStored(c, accepted, STORED_TIMEOUT);
    }
    return accepted;
  }

  // --- the tests -------------------------------------------------------------------------------

  @Test
  @Order(1)
  void ingestAcceptsTheValidCallsAndRejectsEachInvalidOneWithItsFieldErrors() throws Exception {
    List<IngestClient.Result> answers = postedRecords();
    int rejected = 0;
    for (int batch = 0; batch < answers.size(); batch++) {
      int from = batch * BATCH;
      IngestClient.Result r = answers.get(batch);
      assertEquals(207, r.status(), "a mixed batch is a 207: " + r.body());
      List<String> expectedAccepted = new ArrayList<>();
      List<Integer> expectedRejected = new ArrayList<>();
      for (int i = 0; i < BATCH; i++) {
        if (EXPECTED_ERROR.get(from + i) == null) expectedAccepted.add(LINE_IDS.get(from + i));
        else expectedRejected.add(i);
      }
      assertEquals(expectedAccepted, r.accepted());
      assertNotNull(r.rejected(), r.body());
      List<Integer> indices = new ArrayList<>();
      for (JsonNode rej : r.rejected()) {
        int i = rej.path("index").asInt(-1);
        indices.add(i);
        String expected = EXPECTED_ERROR.get(from + i);
        assertNotNull(expected, "record " + (from + i) + " was valid but rejected: " + rej);
        JsonNode errors = rej.path("errors");
        assertTrue(errors.isArray() && errors.size() > 0, "rejection without errors: " + rej);
        boolean found = false;
        for (JsonNode e : errors) {
          assertFalse(e.path("reason").asText().isBlank(), "an error without a reason: " + rej);
          if (e.path("path").asText().startsWith(expected)) found = true;
        }
        assertTrue(found, "expected an error at " + expected + " for " + LINES.get(from + i) + ", got " + rej);
      }
      assertEquals(expectedRejected, indices);
      rejected += r.rejectedCount();
    }
    assertEquals(180, accepted.size());
    assertEquals(20, rejected);

    // A batch with nothing valid in it is a 400, and still says why for each record.
    String allBad = "[" + LINES.get(3) + "," + LINES.get(13) + "," + LINES.get(23) + "]";
    IngestClient.Result r = platform.ingestClient().post(allBad, IngestClient.JSON);
    assertEquals(400, r.status(), r.body());
    assertTrue(r.accepted().isEmpty());
    assertEquals(3, r.rejectedCount(), r.body());
    REPORT.put("posted / accepted / rejected", "200 / " + accepted.size() + " / " + rejected + " (+3 in a 400 batch)");
  }

  @Test
  @Order(4)
  void corruptRecordsOnTheCallsTopicGoToTheDlqWithAReasonAndTheirTextOnly() throws Exception {
    Map<String, byte[]> corrupt = new LinkedHashMap<>();
    corrupt.put("e2e-corrupt-not-json", "this is not JSON at all".getBytes(StandardCharsets.UTF_8));
    corrupt.put("e2e-corrupt-missing-fields",
        "{\"id\":\"e2e-corrupt-missing-fields\",\"app\":\"e2e\"}".getBytes(StandardCharsets.UTF_8));
    corrupt.put("e2e-corrupt-bad-utf8",
        new byte[] {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
    produce(Topics.CALLS, corrupt);
    Map<String, ConsumerRecord<String, byte[]>> dead = awaitDlq(corrupt.keySet());
    dead.forEach((k, v) -> REPORT.put("DLQ reason for " + k, reasonOf(v, k)));
    // Text without personal data reads as sent; bytes that are no text are dropped, and the record says so.
    assertArrayEquals(corrupt.get("e2e-corrupt-not-json"), dead.get("e2e-corrupt-not-json").value());
    assertArrayEquals(corrupt.get("e2e-corrupt-missing-fields"), dead.get("e2e-corrupt-missing-fields").value());
    assertNull(dead.get("e2e-corrupt-bad-utf8").value());
    assertEquals("dropped 11 bytes that are no UTF-8 text", new String(dead.get("e2e-corrupt-bad-utf8").headers()
        .lastHeader(Topics.HEADER_PAYLOAD).value(), StandardCharsets.UTF_8));
    try (Connection c = platform.pg().connect()) {
      assertEquals(0, count(c, "select count(*) from calls where call_id like 'e2e-corrupt-%'"),
          "the explainer sent them to the DLQ instead of explaining them");
    }
  }

  @Test
  @Order(2)
  void everyAcceptedCallIsExplainedAndStoredExactlyOnce() throws Exception {
    long t0 = System.nanoTime();
    List<String> accepted = storedRecords();
    try (Connection c = platform.pg().connect()) {
      String[] ids = accepted.toArray(String[]::new);
      assertEquals(accepted.size(), Demo.count(c, "select count(*) from calls where call_id = any(?)", ids));
      assertEquals(0, count(c, "select count(*) from calls where call_id like 'e2e-invalid-%'"),
          "no rejected record was stored");
      assertOneRowPerCall(c);
      assertTrue(Demo.count(c, "select count(*) from explanation_sentences where call_id = any(?)", ids)
          >= accepted.size(), "every response has at least one sentence");
    }
    try (Connection c = platform.pg().connect()) {
      // Every flagged call gets an attribution (mode "flagged"), with its ERASER faithfulness and, from the ONNX
      // encoder, the attention view.
      int flagged = count(c, "select count(*) from explanations where flagged");
      int attributed = count(c, "select count(*) from explanations where flagged"
          + " and (explanation->'attribution'->'faithfulness'->>'comprehensiveness') is not null"
          + " and jsonb_array_length(explanation->'attribution'->'segments') > 0");
      int withAttention = count(c, "select count(*) from explanations where flagged"
          + " and jsonb_array_length(coalesce(explanation->'attribution'->'attention', '[]'::jsonb)) > 0");
      assertTrue(flagged > 0, "the demo calls include flagged ones");
      assertEquals(flagged, attributed, "every flagged call has an attribution with faithfulness numbers");
      assertEquals(flagged, withAttention, "and an attention view");
      REPORT.put("flagged / with attribution + faithfulness / with attention", flagged + " / " + attributed + " / "
          + withAttention);
      // One of each kind, as the learned model read it: token-vector alignment and the group's risk per sentence.
      String first = "explanation->'hallucination'->'sentences'->0->'signals'";
      int context = count(c, "select count(*) from explanations where grounded_against = 'context'"
          + " and (explanation->'grounding'->'sentences'->0->>'token_alignment') is not null"
          + " and (" + first + "->>'context') is not null");
      int samples = count(c, "select count(*) from explanations where consistency_score is not null"
          + " and (explanation->'consistency'->'sentences'->0->>'token_alignment') is not null"
          + " and (explanation->'consistency'->'sentences'->0->>'ngram') is not null"
          + " and (" + first + "->>'samples') is not null");
      assertTrue(context > 0, "calls with context have token alignment and a learned context risk");
      assertTrue(samples > 0, "calls with samples have token alignment, the unigram score and a learned samples risk");
      REPORT.put("with context / with samples, scored by the learned model", context + " / " + samples);
    }
    REPORT.put("first post -> all 180 stored (s)", round1(Platform.secondsSince(firstPostNanos)));
    REPORT.put("waited in this test (s)", round1(Platform.secondsSince(t0)));
  }

  @Test
  @Order(3)
  void handMadeLogprobsGiveTheHandComputedPerplexity() throws Exception {
    double meanLogprob = (-0.1 - 0.2 - 0.3 - 0.0) / 4; // -0.15
    double perplexity = Math.exp(-meanLogprob); // exp(0.15) = 1.16183...
    awaitHandMadeStored();
    try (Connection c = platform.pg().connect();
        PreparedStatement ps = c.prepareStatement("select perplexity, mean_logprob, "
            + "(explanation->'uncertainty'->>'mean_logprob')::float8, "
            + "(explanation->'uncertainty'->>'perplexity')::float8 "
            + "from explanations where call_id = ?")) {
      ps.setString(1, HAND_MADE_ID);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next(), HAND_MADE_ID + " was stored");
        assertEquals(perplexity, rs.getDouble(1), 1e-4, "explanations.perplexity");
        assertEquals(meanLogprob, rs.getDouble(2), 1e-4, "explanations.mean_logprob");
        assertEquals(meanLogprob, rs.getDouble(3), 1e-4, "explanation JSON uncertainty.mean_logprob");
        assertEquals(perplexity, rs.getDouble(4), 1e-4, "explanation JSON uncertainty.perplexity");
        REPORT.put("hand-made perplexity (stored / by hand)", rs.getDouble(1) + " / " + perplexity);
      }
      assertEquals(1, count(c, "select count(*) from explanations where call_id = '" + HAND_MADE_ID + "'"
          + " and (explanation->'hallucination'->'sentences'->0->'signals'->>'logprobs') is not null"),
          "the log-probabilities give a learned risk per sentence");
    }
  }

  @Test
  @Order(5)
  void theStoreServesTheExplanationAsJsonAndAsAPage() throws Exception {
    awaitHandMadeStored();
    String store = platform.service("store").baseUrl();
    HttpResponse<String> api = get(store + "/api/calls/" + HAND_MADE_ID);
    assertEquals(200, api.statusCode(), api.body());
    JsonNode body = Json.readTree(api.body());
    assertTrue(api.body().contains(HAND_MADE_ID), api.body());
    JsonNode uncertainty = body.findValue("uncertainty");
    assertNotNull(uncertainty, "the API answer holds the explanation: " + api.body());
    assertEquals(-0.15, uncertainty.path("mean_logprob").asDouble(), 1e-4, api.body());

    HttpResponse<String> page = get(store + "/calls/" + HAND_MADE_ID);
    assertEquals(200, page.statusCode(), page.body());
    assertTrue(page.headers().firstValue("content-type").orElse("").startsWith("text/html"), page.headers().toString());
    assertTrue(page.body().contains("Paris is nice."), "the page shows the response text");
    HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(URI.create(store + "/api/calls/" + HAND_MADE_ID))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(401, anonymous.statusCode(), anonymous.body());
    HttpResponse<String> readerDelete = HTTP.send(HttpRequest.newBuilder(URI.create(store + "/api/calls/"
        + HAND_MADE_ID)).header("Authorization", "Bearer " + platform.storeToken()).DELETE().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(403, readerDelete.statusCode(), readerDelete.body());
    REPORT.put("store API and HTML page", "200 / 200; without a token 401, a reader's DELETE 403");
  }

  @Test
  @Order(8)
  void postingTheSameCallsAgainAddsNoRows() throws Exception {
    List<String> accepted = storedRecords();
    String notSentinel = " where call_id not like 'e2e-sentinel-%'";
    List<String> tables = List.of("calls", "explanations", "explanation_sentences", "explanation_tokens");
    Map<String, Integer> before = new LinkedHashMap<>();
    try (Connection c = platform.pg().connect()) {
      for (String t : tables) before.put(t, count(c, "select count(*) from " + t + notSentinel));
    }
    IngestClient ingest = platform.ingestClient();
    List<String> again = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int from = 0; from < LINES.size(); from += BATCH) {
      IngestClient.Result r = postBatch(ingest, from);
      assertEquals(207, r.status(), r.body());
      again.addAll(r.accepted());
    }
    assertEquals(accepted, again);

    // One new call per partition, posted after the replay: once all four are stored, every partition
    // has been processed past the replayed calls.
    List<String> sentinels = new ArrayList<>();
    for (int n = 0; sentinels.size() < EmbeddedKafka.PARTITIONS; n++) {
      String id = "e2e-sentinel-" + n;
      int partition = Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % EmbeddedKafka.PARTITIONS;
      if (sentinels.stream().noneMatch(s -> partitionOf(s) == partition)) sentinels.add(id);
    }
    List<String> sentinelCalls = sentinels.stream().map(id -> Json.string(base(id))).toList();
    IngestClient.Result r = ingest.post("[" + String.join(",", sentinelCalls) + "]", IngestClient.JSON);
    assertEquals(202, r.status(), r.body());
    assertEquals(sentinels, r.accepted());

    try (Connection c = platform.pg().connect()) {
      awaitStored(c, sentinels, STORED_TIMEOUT);
      REPORT.put("replay of 180 -> sentinels stored (s)", round1(Platform.secondsSince(t0)));
      for (String t : tables) {
        assertEquals(before.get(t), count(c, "select count(*) from " + t + notSentinel), "rows in " + t);
      }
      assertOneRowPerCall(c);
    }
    REPORT.put("rows before / after replay", before.toString());
  }

  @Test
  @Order(6)
  void driftReportsCompareCountWindowsAndNameAShiftInTopic() throws Exception {
    // One series of three windows of 40 calls: two of HaluEval questions, then one mostly of WikiBio biographies.
    // Each window is posted only once the one before it has been windowed, so that its members are exactly these.
    List<DemoCall> demo = DemoData.load();
    List<DemoCall> qa = demo.stream().filter(c -> c.id().startsWith("halueval")).toList();
    List<DemoCall> bios = demo.stream().filter(c -> c.id().startsWith("wikibio")).toList();
    List<List<DemoCall>> windows = List.of(qa.subList(0, 40), qa.subList(40, 80),
        concat(bios.subList(0, 30), qa.subList(80, 90)));
    IngestClient ingest = platform.ingestClient();
    long t0 = System.nanoTime();
    try (Connection c = platform.pg().connect()) {
      for (int w = 0; w < windows.size(); w++) {
        List<String> lines = new ArrayList<>();
        for (DemoCall call : windows.get(w)) {
          ObjectNode n = (ObjectNode) Json.readTree(call.json());
          n.put("id", "e2e-drift-" + w + "-" + call.id());
          n.put("app", "e2e-drift");
          n.put("model", "m-1");
          lines.add(Json.string(n));
        }
        IngestClient.Result r = ingest.postNdjson(lines);
        assertEquals(202, r.status(), r.body());
        awaitStored(c, r.accepted(), STORED_TIMEOUT);
        awaitDriftRead(count(c, "select count(*) from explanations"));
      }
      awaitRows(c, "select count(*) from drift_reports where app = 'e2e-drift'", 2, STORED_TIMEOUT);
    }
    REPORT.put("drift: 3 windows posted -> 2 reports stored (s)", round1(Platform.secondsSince(t0)));

    HttpResponse<String> api = get(platform.service("store").baseUrl() + "/api/drift?app=e2e-drift");
    assertEquals(200, api.statusCode(), api.body());
    JsonNode body = Json.readTree(api.body());
    JsonNode reports = body.path("reports");
    assertEquals(2, reports.size(), api.body());
    // Newest first: reports[1] compares window 2 (questions) and reports[0] window 3 (biographies) with window 1.
    JsonNode same = reports.get(1), shifted = reports.get(0);
    for (JsonNode r : List.of(same, shifted)) {
      JsonNode report = r.path("report");
      assertEquals(DRIFT_WINDOW, report.path("calls").asInt(), r.toString());
      assertEquals("fixed", report.path("reference").path("policy").asText(), r.toString());
      assertEquals(DRIFT_WINDOW, report.path("reference").path("calls").asInt(), r.toString());
      assertTrue(report.path("tests").size() >= 4, "embedding and signal tests: " + r);
      boolean anyRejected = false;
      for (JsonNode t : report.path("tests")) {
        double p = t.path("p_value").asDouble(-1), adjusted = t.path("adjusted_p_value").asDouble(-1);
        assertTrue(p >= 0 && p <= 1 && adjusted >= p - 1e-12 && adjusted <= 1, "p-values of " + t);
        anyRejected |= t.path("rejected").asBoolean();
      }
      assertEquals(anyRejected, report.path("drifted").asBoolean(), "drifted is the Holm verdict: " + r);
    }
    JsonNode sameReport = same.path("report");
    JsonNode shiftedReport = shifted.path("report");
    assertFalse(sameReport.path("drifted").asBoolean(), "two windows of the same questions: " + sameReport);
    assertTrue(shiftedReport.path("drifted").asBoolean(), "questions then biographies: " + shiftedReport);
    for (JsonNode r : List.of(same, shifted)) {
      REPORT.put("drift window " + r.path("window_start").asText() + " .. " + r.path("window_end").asText(),
          "drifted " + r.path("drifted").asBoolean() + ", example " + Demo.excerpt(r.at("/report/examples/0").asText(), 60));
    }
    assertTrue(shiftedReport.path("examples").size() > 0, "examples show the change: " + shiftedReport);
    assertTrue(shiftedReport.path("examples").path(0).asText().startsWith("This is a Wikipedia passage about"),
        "the best example of the change is a biography prompt: " + shiftedReport.path("examples"));
    REPORT.put("drift verdicts (same topic / new topic)", sameReport.path("drifted").asBoolean() + " / "
        + shiftedReport.path("drifted").asBoolean());
    REPORT.put("drift example of the change", Demo.excerpt(shiftedReport.path("examples").path(0).asText(), 70));
  }

  @Test
  @Order(7)
  void openAiPairsOtlpSpansAndRawKafkaRecordsAreExplainedLikeNativeCalls() throws Exception {
    // An OpenAI chat completion logged whole: n = 3 choices (two become samples) and token log-probs.
    String pair = """
        {"request": {"model": "gpt-4o-mini", "n": 3, "logprobs": true, "top_logprobs": 2,
                     "messages": [{"role": "system", "content": "Answer briefly."},
                                  {"role": "user", "content": "What is the capital of France?"}]},
         "response": {"id": "chatcmpl-e2e-1", "object": "chat.completion", "created": 1764417600, "model": "gpt-4o-mini-2024-07-18",
           "choices": [
             {"index": 0, "message": {"role": "assistant", "content": "The capital of France is Paris."},
              "logprobs": {"content": [
                {"token": "The", "logprob": -0.2, "top_logprobs": [{"token": "The", "logprob": -0.2}, {"token": "Paris", "logprob": -1.8}]},
                {"token": " capital", "logprob": -0.4, "top_logprobs": [{"token": " capital", "logprob": -0.4}]},
                {"token": " is", "logprob": -0.1, "top_logprobs": [{"token": " is", "logprob": -0.1}]},
                {"token": " Paris", "logprob": -0.3, "top_logprobs": [{"token": " Paris", "logprob": -0.3}]}]}},
             {"index": 1, "message": {"role": "assistant", "content": "Paris is the capital of France."}},
             {"index": 2, "message": {"role": "assistant", "content": "It is Paris."}}]}}
        """.replace("1764417600", Long.toString(NOW_SECONDS));
    IngestClient.Result r = platform.ingestClient("/v1/openai?app=e2e-openai")
        .post(pair, IngestClient.JSON);
    assertEquals(202, r.status(), r.body());
    assertEquals(List.of("chatcmpl-e2e-1"), r.accepted());

    String trace = """
        {"resourceSpans": [{"resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "e2e-otel-app"}}]},
          "scopeSpans": [{"spans": [
            {"traceId": "5b8efff798038103d269b633813fc60c", "spanId": "eee19b7ec3c1b174", "name": "chat gpt-4o",
             "startTimeUnixNano": "1764417600000000000", "attributes": [
               {"key": "gen_ai.operation.name", "value": {"stringValue": "chat"}},
               {"key": "gen_ai.request.model", "value": {"stringValue": "gpt-4o"}},
               {"key": "gen_ai.input.messages", "value": {"stringValue": "[{\\"role\\":\\"user\\",\\"parts\\":[{\\"type\\":\\"text\\",\\"content\\":\\"Where is the Eiffel Tower?\\"}]}]"}},
               {"key": "gen_ai.output.messages", "value": {"stringValue": "[{\\"role\\":\\"assistant\\",\\"parts\\":[{\\"type\\":\\"text\\",\\"content\\":\\"The Eiffel Tower is in Paris.\\"}]},{\\"role\\":\\"assistant\\",\\"parts\\":[{\\"type\\":\\"text\\",\\"content\\":\\"It stands in Paris.\\"}]},{\\"role\\":\\"assistant\\",\\"parts\\":[{\\"type\\":\\"text\\",\\"content\\":\\"Paris, France.\\"}]}]"}},
               {"key": "glassbox.logprobs", "value": {"stringValue": "{\\"content\\":[{\\"token\\":\\"The\\",\\"logprob\\":-0.1,\\"top_logprobs\\":[]},{\\"token\\":\\" Eiffel\\",\\"logprob\\":-0.3,\\"top_logprobs\\":[]}]}"}}]},
            {"traceId": "5b8efff798038103d269b633813fc60c", "spanId": "eee19b7ec3c1b175", "name": "GET /weather",
             "startTimeUnixNano": "1764417600000000000", "attributes": [{"key": "http.request.method", "value": {"stringValue": "GET"}}]}]}]}]}
        """.replace("1764417600000000000", NOW_SECONDS + "000000000");
    IngestClient.Result t = platform.ingestClient("/v1/traces")
        .post(trace, IngestClient.JSON);
    assertEquals(202, t.status(), t.body());
    String spanCall = "5b8efff798038103d269b633813fc60c-eee19b7ec3c1b174";
    assertEquals(List.of(spanCall), t.accepted());
    assertEquals(1, Json.readTree(t.body()).path("ignored_spans").asInt(), t.body());

    // Straight to Kafka, no gateway: one good pair and one the adapter cannot map.
    Map<String, byte[]> raw = new LinkedHashMap<>();
    raw.put("chatcmpl-e2e-raw", pair.replace("chatcmpl-e2e-1", "chatcmpl-e2e-raw").getBytes(StandardCharsets.UTF_8));
    Map<String, byte[]> rawBad = Map.of("e2e-raw-bad",
        "{\"request\": {}, \"response\": {\"id\": \"e2e-raw-bad\"}}".getBytes(StandardCharsets.UTF_8));
    produce(RAW_OPENAI_TOPIC, raw);
    produce(RAW_OPENAI_TOPIC, rawBad);

    try (Connection c = platform.pg().connect()) {
      awaitStored(c, List.of("chatcmpl-e2e-1", spanCall, "chatcmpl-e2e-raw"), STORED_TIMEOUT);
      String sql = "select e.app, e.model, (e.explanation->'uncertainty'->>'mean_logprob')::float8,"
          + " jsonb_array_length(e.explanation->'consistency'->'sentences'), c.response"
          + " from explanations e join calls c using (tenant, call_id) where call_id = ?";
      for (String id : List.of("chatcmpl-e2e-1", "chatcmpl-e2e-raw")) {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          ps.setString(1, id);
          try (ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next(), id);
            assertEquals(id.equals("chatcmpl-e2e-1") ? "e2e-openai" : "openai", rs.getString(1),
                "app from ?app= or, straight from Kafka, the default");
            assertEquals("gpt-4o-mini-2024-07-18", rs.getString(2));
            assertEquals(-0.25, rs.getDouble(3), 1e-9, "mean of the four token log-probs");
            assertTrue(rs.getInt(4) >= 1, "the other two choices are samples: a consistency block per sentence");
            assertEquals("The capital of France is Paris.", rs.getString(5));
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, spanCall);
        try (ResultSet rs = ps.executeQuery()) {
          assertTrue(rs.next());
          assertEquals("e2e-otel-app", rs.getString(1), "service.name is the app");
          assertEquals("gpt-4o", rs.getString(2));
          assertEquals(-0.2, rs.getDouble(3), 1e-9, "mean of the span's glassbox.logprobs");
          assertTrue(rs.getInt(4) >= 1, "the other two output messages are samples: a consistency block");
          assertEquals("The Eiffel Tower is in Paris.", rs.getString(5));
        }
      }
    }
    ConsumerRecord<String, byte[]> dead = awaitDlq(rawBad.keySet()).get("e2e-raw-bad");
    REPORT.put("OpenAI pair, OTLP span, raw Kafka pair", "stored; unmappable raw pair in DLQ: "
        + Demo.excerpt(reasonOf(dead, "e2e-raw-bad"), 80));
  }

  @Test
  @Order(10)
  void anEvidenceFreeCallIsStoredUncheckedAndASourceInThePromptGetsTheVerdictsOfAContext() throws Exception {
    String passage = "Arthur's Magazine (1844-1846) was an American literary periodical published in Philadelphia "
        + "in the 19th century. First for Women is a woman's magazine published by Bauer Media Group in the USA.";
    String question = "Which magazine was started first, Arthur's Magazine or First for Women?";
    String response = "Arthur's Magazine was started first. It was published in Boston by Bauer Media Group.";
    ObjectNode none = base("e2e-verdict-none");
    none.remove("context");
    none.put("prompt", "Who was the first person to walk on the Moon?");
    none.put("response", "Neil Armstrong walked on the Moon in 1969.");
    ObjectNode context = base("e2e-verdict-context");
    context.put("prompt", question);
    context.put("response", response);
    context.putArray("context").addObject().put("id", "kb-1").put("text", passage);
    ObjectNode inPrompt = base("e2e-verdict-prompt");
    inPrompt.remove("context");
    inPrompt.put("prompt", "Answer the question using the passage below.\n\nPassage: " + passage + "\n\nQuestion: " + question);
    inPrompt.put("response", response);
    IngestClient.Result r = platform.ingestClient()
        .postNdjson(List.of(Json.string(none), Json.string(context), Json.string(inPrompt)));
    assertEquals(202, r.status(), r.body());
    try (Connection c = platform.pg().connect()) {
      awaitStored(c, r.accepted(), STORED_TIMEOUT);
      assertEquals(1, count(c, "select count(*) from explanations where call_id = 'e2e-verdict-none'"
          + " and hallucination_score is null and not flagged and evidence = 'none'"
          + " and explanation->'hallucination'->>'evidence' = 'none'"), "the evidence-free call is stored, not flagged");
      assertEquals(count(c, "select count(*) from explanation_sentences where call_id = 'e2e-verdict-none'"),
          count(c, "select count(*) from explanation_sentences where call_id = 'e2e-verdict-none'"
              + " and verdict = 'unverifiable' and score is null"), "its sentences are unverifiable");
      assertEquals("context", text(c, "select evidence from explanations where call_id = 'e2e-verdict-context'"));
      assertEquals("prompt", text(c, "select evidence from explanations where call_id = 'e2e-verdict-prompt'"));
      String verdicts = "select string_agg(verdict, ',' order by idx) from explanation_sentences where call_id = ";
      assertEquals(text(c, verdicts + "'e2e-verdict-context'"), text(c, verdicts + "'e2e-verdict-prompt'"));
      double a = Double.parseDouble(text(c, "select hallucination_score from explanations where call_id = 'e2e-verdict-context'"));
      double b = Double.parseDouble(text(c, "select hallucination_score from explanations where call_id = 'e2e-verdict-prompt'"));
      assertEquals(a, b, 0.05, "the same call logged with its source in the prompt scores as with a context");
      REPORT.put("verdicts: context / source in prompt", a + " " + text(c, verdicts + "'e2e-verdict-context'") + " / " + b);
      // Issue 18: the explainer's provenance reaches the JSON and the columns: build, model digests, when.
      assertEquals(1, count(c, "select count(*) from explanations where call_id = 'e2e-verdict-context'"
          + " and glassbox_version = explanation->'provenance'->>'glassbox_version' and glassbox_version <> ''"
          + " and encoder_sha256 ~ '^[0-9a-f]{64}$' and hallucination_model_sha256 ~ '^[0-9a-f]{64}$'"
          + " and settings_sha256 ~ '^[0-9a-f]{64}$' and explained_at is not null"), "provenance is stored");
    }
  }

  @Test
  @Order(11)
  void aFewShotCallAndAChainOfThoughtCallGetTheirPromptingBlocks() throws Exception {
    // Issue 20: the demonstration the response copies is named, and a chain's miscalculated step and unreached answer.
    ObjectNode fewShot = base("e2e-prompting-few-shot");
    fewShot.remove("context");
    fewShot.put("prompt", "Q: Tom has 4 apples and buys 3 more. How many apples does he have?\nA: Tom has 4 + 3 = 7 apples."
        + "\nAnswer: 7\n\nQ: A bus carries 40 people and 15 get off. How many remain?\nA: The bus keeps 40 - 15 = 25 "
        + "people on board after the stop.\nAnswer: 25\n\nQ: Sam reads 6 pages a day for 5 days. How many pages?\nA:");
    fewShot.put("response", "The bus keeps 40 - 15 = 25 people on board after the stop.\nAnswer: 25");
    ObjectNode chain = base("e2e-prompting-chain");
    chain.remove("context");
    chain.put("prompt", "Janet's ducks lay 16 eggs a day. She eats 3 and bakes with 4. She sells the rest at $2 each. "
        + "How much does she make a day?");
    chain.put("response", "She uses 3 + 4 = 8 eggs.\nShe sells 16 - 8 = 8 eggs for 8 * 2 = $16.\nAnswer: 18");
    chain.putArray("samples").add("She uses 3 + 4 = 7 eggs.\nShe sells 16 - 7 = 9 eggs for 9 * 2 = $18.\nAnswer: 18");
    IngestClient.Result r = platform.ingestClient().postNdjson(List.of(Json.string(fewShot), Json.string(chain)));
    assertEquals(202, r.status(), r.body());
    try (Connection c = platform.pg().connect()) {
      awaitStored(c, r.accepted(), STORED_TIMEOUT);
      assertEquals(1, count(c, "select count(*) from explanations where call_id = 'e2e-prompting-few-shot'"
          + " and demonstrations = 2 and copied_demonstration = 'demo:1'"
          + " and explanation->'prompting'->'demonstrations'->1->>'input_source' = 'prompt:0'"), "the copied demonstration");
      assertEquals(1, count(c, "select count(*) from explanations where call_id = 'e2e-prompting-chain'"
          + " and reasoning_steps = 2 and answer_supported = false and answer_agreement = 1"
          + " and explanation->'prompting'->'reasoning'->'steps'->0->>'verdict' = 'miscalculated'"
          + " and evidence = 'samples+reasoning'"), "the chain's steps, answer and vote");
      REPORT.put("prompting: few-shot copy / chain", text(c, "select copied_demonstration from explanations"
          + " where call_id = 'e2e-prompting-few-shot'") + " / " + text(c, "select explanation->'prompting'->'reasoning'"
          + "->'steps'->0->>'reason' from explanations where call_id = 'e2e-prompting-chain'"));
    }
  }

  @Test
  @Order(9)
  void plantedPersonalDataAndSecretsNeverReachPostgres() throws Exception {
    List<PlantedCorpus.Entry> corpus = PlantedCorpus.load();
    IngestClient ingest = new IngestClient(platform.service("ingest").baseUrl(), ACME_KEY);
    IngestClient.Result r = ingest.postNdjson(corpus.stream().map(PlantedCorpus.Entry::json).toList());
    assertEquals(202, r.status(), r.body());
    int planted = corpus.stream().mapToInt(e -> e.planted().size()).sum();
    try (Connection c = platform.pg().connect()) {
      awaitStored(c, r.accepted(), STORED_TIMEOUT);
      // Every stored row of these calls, in every table, as text: columns, JSON, arrays.
      StringBuilder all = new StringBuilder();
      String ids = "call_id like 'pii-%'";
      for (String table : List.of("calls", "explanations", "explanation_sentences", "explanation_tokens")) {
        try (Statement st = c.createStatement();
            ResultSet rs = st.executeQuery("select t::text from " + table + " t where " + ids)) {
          while (rs.next()) all.append(rs.getString(1)).append('\n');
        }
      }
      List<String> leaked = PlantedCorpus.leaks(corpus, all.toString());
      assertEquals(List.of(), leaked, "planted values found in PostgreSQL");
      List<String> kept = corpus.stream().flatMap(e -> e.kept().stream())
          .filter(k -> !all.toString().contains(k)).toList();
      assertEquals(List.of(), kept, "look-alikes that are not personal data stay as logged");
      int redactions = count(c, "select coalesce(sum((explanation->'redactions'->>'total')::int), 0) from explanations"
          + " where " + ids);
      REPORT.put("PII: planted / leaked to PostgreSQL / redactions", planted + " / " + leaked.size() + " / " + redactions);
    }
    // The same calls cut short, so the explainer refuses them: the DLQ holds their text redacted.
    Map<String, byte[]> broken = new LinkedHashMap<>();
    for (PlantedCorpus.Entry e : corpus) {
      String json = e.jsonWithoutLabels();
      broken.put("pii-dlq-" + e.call().id(), json.substring(0, json.length() - 1).getBytes(StandardCharsets.UTF_8));
    }
    produce(Topics.CALLS, broken);
    StringBuilder dlq = new StringBuilder();
    awaitDlq(broken.keySet()).values().forEach(rec -> dlq.append(new String(rec.value(), StandardCharsets.UTF_8)));
    List<String> inDlq = PlantedCorpus.leaks(corpus, dlq.toString());
    assertEquals(List.of(), inDlq, "planted values found in " + Topics.CALLS_DLQ);
    REPORT.put("PII: refused records / leaked to the DLQ", broken.size() + " / " + inDlq.size());
  }

  @Test
  @Order(12)
  void aReviewersVerdictIsExportedAndTheAuditChainNamesItAndTheExport() throws Exception {
    awaitHandMadeStored();
    String store = platform.service("store").baseUrl();
    HttpResponse<String> posted = HTTP.send(HttpRequest.newBuilder(URI.create(store + "/api/calls/" + HAND_MADE_ID
        + "/verdicts")).header("Authorization", "Bearer " + REVIEWER_TOKEN).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"verdict\": \"hallucinated\", \"note\": \"e2e\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(201, posted.statusCode(), posted.body());
    java.time.Instant at = java.time.Instant.parse(NOW);
    HttpResponse<String> export = HTTP.send(HttpRequest.newBuilder(URI.create(store + "/api/export?app=e2e&since="
        + at.minusSeconds(60) + "&until=" + at.plusSeconds(60) + "&reviewed=true"))
        .header("Authorization", "Bearer " + platform.storeAdminToken()).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, export.statusCode(), export.body());
    JsonNode line = null;
    for (String l : export.body().split("\n")) {
      if (!l.isBlank() && Json.readTree(l).path("id").asText().equals(HAND_MADE_ID)) line = Json.readTree(l);
    }
    assertNotNull(line, "the reviewed call is exported: " + export.body());
    assertTrue(line.path("labels").path("hallucinated").asBoolean(), line.toString());
    assertEquals("e2e-reviewer", line.path("glassbox").path("verdicts").path(0).path("reviewer").asText(), line.toString());

    java.io.StringWriter out = new java.io.StringWriter();
    int exit = new picocli.CommandLine(new dev.glassbox.cli.Glassbox()).setOut(new java.io.PrintWriter(out))
        .execute("audit", "verify", "--jdbc-url", platform.pg().jdbcUrl(), "--user", platform.pg().user(),
            "--password", platform.pg().password());
    assertEquals(0, exit, out.toString());
    try (Connection c = platform.pg().connect()) {
      assertEquals(1, count(c, "select count(*) from audit_log where action = 'verdict' and actor = 'e2e-reviewer'"
          + " and target = '" + HAND_MADE_ID + "'"));
      assertEquals(1, count(c, "select count(*) from audit_log where action = 'export' and actor = 'platform-admin'"
          + " and target = 'e2e'"));
    }
    REPORT.put("reviewer verdict / export / audit verify", posted.statusCode() + " / " + export.statusCode() + " / "
        + out.toString().strip());
  }

  // --- helpers ---------------------------------------------------------------------------------

  private static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  /** The hand-made call, once stored: it is posted with the 200 records. */
  private static void awaitHandMadeStored() throws Exception {
    postedRecords();
    try (Connection c = platform.pg().connect()) {
      awaitStored(c, List.of(HAND_MADE_ID), STORED_TIMEOUT);
    }
  }

  private static void assertOneRowPerCall(Connection c) throws Exception {
    for (String t : List.of("calls", "explanations")) {
      assertEquals(0, count(c, "select count(*) from (select call_id from " + t
          + " group by call_id having count(*) > 1) d"), "a call_id with two rows in " + t);
    }
  }

  /**
   * Polls the drift service's metrics until it has read {@code n} explanations: every explanation published so far,
   * so the next calls posted come after them in their series.
   */
  private static void awaitDriftRead(int n) {
    String url = platform.service("drift").baseUrl() + "/q/metrics";
    PlatformAwait.until(platform, "the drift service to read " + n + " explanations", STORED_TIMEOUT, () -> {
      double read = 0;
      for (String line : get(url).body().split("\n")) {
        if (line.startsWith("glassbox_drift_explanations_total{") && line.contains("outcome=\"read\"")) {
          read = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
      return read;
    }, read -> read >= n);
  }

  /** Polls until the count query gives at least {@code n}. */
  private static void awaitRows(Connection c, String countSql, int n, Duration timeout) {
    PlatformAwait.until(platform, "at least " + n + " rows for " + countSql, timeout, () -> count(c, countSql),
        rows -> rows >= n);
  }

  private static void produce(String topic, Map<String, byte[]> records) throws Exception {
    Properties pp = platform.kafka().clientProperties();
    pp.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    pp.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(pp)) {
      for (var e : records.entrySet()) producer.send(new ProducerRecord<>(topic, e.getKey(), e.getValue())).get();
    }
  }

  /** Reads the calls' DLQ until a record of each key is there; returns them by key. */
  private static Map<String, ConsumerRecord<String, byte[]>> awaitDlq(Set<String> keys) {
    Properties cp = platform.kafka().clientProperties();
    cp.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-dlq-reader-" + System.nanoTime());
    cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    cp.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    cp.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    cp.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    Map<String, ConsumerRecord<String, byte[]>> found = new LinkedHashMap<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(cp)) {
      consumer.subscribe(List.of(Topics.CALLS_DLQ));
      PlatformAwait.until(platform, "every bad record in " + Topics.CALLS_DLQ, STORED_TIMEOUT, () -> {
        for (ConsumerRecord<String, byte[]> rec : consumer.poll(Duration.ofMillis(500))) {
          if (keys.contains(rec.key())) found.put(rec.key(), rec);
        }
        return found.keySet();
      }, keys::equals);
    }
    return found;
  }

  /** The record's DLQ reason header, which must be there and say something. */
  private static String reasonOf(ConsumerRecord<String, byte[]> rec, String key) {
    Header h = rec.headers().lastHeader(Topics.HEADER_REASON);
    assertNotNull(h, key + " reached the DLQ without a " + Topics.HEADER_REASON + " header");
    String reason = new String(h.value(), StandardCharsets.UTF_8);
    assertFalse(reason.isBlank(), key + " has an empty reason");
    return reason;
  }

  /** Batches alternate between NDJSON and a JSON array; only NDJSON can carry the line that is not JSON. */
  private static IngestClient.Result postBatch(IngestClient ingest, int from) throws Exception {
    List<String> lines = LINES.subList(from, from + BATCH);
    if ((from / BATCH) % 2 == 0) return ingest.postNdjson(lines);
    return ingest.post("[" + String.join(",\n", lines) + "]", IngestClient.JSON);
  }

  private static int partitionOf(String id) {
    return Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % EmbeddedKafka.PARTITIONS;
  }

  /** Polls until every id has a row in {@code explanations}; fails with the services' log tails if not in time. */
  private static void awaitStored(Connection c, List<String> ids, Duration timeout) {
    String[] arr = ids.toArray(String[]::new);
    long t0 = System.nanoTime();
    long[] lastPrint = {t0};
    PlatformAwait.until(platform, "all " + ids.size() + " calls explained and stored", timeout, () -> {
      int stored = Demo.count(c, "select count(*) from explanations where call_id = any(?)", arr);
      if (System.nanoTime() - lastPrint[0] > 10_000_000_000L) {
        System.out.printf("[e2e] stored %d / %d after %.0f s%n", stored, ids.size(), Platform.secondsSince(t0));
        lastPrint[0] = System.nanoTime();
      }
      return stored;
    }, stored -> stored == ids.size());
  }

  private static String text(Connection c, String sql) throws Exception {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      assertTrue(rs.next(), sql);
      return rs.getString(1);
    }
  }

  private static int count(Connection c, String sql) throws Exception {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static HttpResponse<String> get(String url) throws Exception {
    // The store's token; the other services ignore it.
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + platform.storeToken()).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static double round1(double x) {
    return Math.round(x * 10) / 10.0;
  }
}
