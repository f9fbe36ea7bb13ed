package dev.glassbox.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.core.call.CallKey;
import dev.glassbox.core.json.Json;
import dev.glassbox.core.testing.Await;
import dev.glassbox.kafka.Topics;
import dev.glassbox.platform.DemoData.DemoCall;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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
 * Streams 5,000 calls through the packaged services while breaking things on purpose (SIGKILL of the explainer and
 * of the store, PostgreSQL down for 30 s, a broker restart) and checks that every call is stored exactly once and
 * the DLQ holds exactly the invalid records that were sent.
 */
class FaultInjectionIT {

  private static final int CALLS = 5_000;
  private static final int BATCH = 100;
  /** Invalid records produced straight into Kafka after each posted batch: one of each kind. */
  private static final List<String> BAD_KINDS = List.of("invalid-json", "invalid-utf8", "missing-response",
      "positive-logprob");
  private static final int BAD = CALLS / BATCH * BAD_KINDS.size();
  /** Posted but not yet stored: the feeder waits above this, so the faults land mid-stream. */
  private static final int MAX_BACKLOG = 1_000;
  private static final Duration PG_OUTAGE = Duration.ofSeconds(30);
  /** Generous: the wait between faults is 1,000-1,500 calls, and a 2-core machine shared with builds is slow. */
  private static final Duration STEP_TIMEOUT = Duration.ofMinutes(10);

  private static Platform platform;
  private static final Map<String, Object> REPORT = new LinkedHashMap<>();
  private static final AtomicInteger stored = new AtomicInteger();
  private static final AtomicInteger posted = new AtomicInteger();
  private static final AtomicInteger http503 = new AtomicInteger();
  private static final AtomicInteger httpRetries = new AtomicInteger();

  @BeforeAll
  static void startPlatform() throws Exception {
    Path home = GlassboxHome.find();
    Path dataDir = TestRuns.freshDataDir(home, "faults");
    // Drift is left out: it plays no part in what is checked here, and the machine has two cores.
    Map<String, Integer> services = TestRuns.onAnyPort("ingest", "explainer", "store");
    long t0 = System.nanoTime();
    platform = Platform.start(new Platform.Settings(home, dataDir, Ports.ANY, Ports.ANY, services,
        true, Duration.ofMinutes(4)), line -> System.out.println("[faults] " + line));
    REPORT.put("platform start (s)", round1(Platform.secondsSince(t0)));
    System.out.println("[faults] data and logs in " + dataDir);
  }

  @AfterAll
  static void stopPlatform() {
    if (platform != null) platform.close();
    System.out.println("[faults] counts and timings:");
    REPORT.forEach((k, v) -> System.out.printf("[faults]   %-52s %s%n", k, v));
  }

  @Test
  void everyCallIsStoredExactlyOnceThroughCrashesAnOutageAndABrokerRestart() throws Exception {
    List<String> lines = calls();
    Map<String, byte[]> bad = new LinkedHashMap<>();
    long t0 = System.nanoTime();
    AtomicReference<Throwable> feederFailure = new AtomicReference<>();
    Thread feeder = new Thread(() -> {
      try {
        feed(lines, bad);
      } catch (Throwable e) {
        feederFailure.set(e);
      }
    }, "feeder");
    feeder.start();

    ProgressPoller progress = new ProgressPoller();
    progress.start();
    try {
      ServiceProcess explainer = platform.service("explainer");
      awaitStored(CALLS / 10, feederFailure);
      REPORT.put("explainer kill -9 at stored", stored.get());
      crashAndRestart(explainer, "explainer");

      ServiceProcess store = platform.service("store");
      awaitStored(3 * CALLS / 10, feederFailure);
      REPORT.put("store kill -9 at stored", stored.get());
      crashAndRestart(store, "store");

      awaitStored(5 * CALLS / 10, feederFailure);
      REPORT.put("PostgreSQL stopped at stored", stored.get());
      long down = System.nanoTime();
      platform.pg().stop();
      Thread.sleep(PG_OUTAGE.toMillis()); // the outage itself: the one fixed wait of this test
      platform.pg().start();
      REPORT.put("PostgreSQL down (s)", round1(Platform.secondsSince(down)));
      int atRestart = stored.get();
      awaitStored(atRestart + 1, feederFailure);
      REPORT.put("store writing again after PostgreSQL came back (s)", round1(Platform.secondsSince(down)
          - PG_OUTAGE.toSeconds()));

      awaitStored(7 * CALLS / 10, feederFailure);
      REPORT.put("broker restart at stored", stored.get());
      REPORT.put("broker restart: port closed (s)", round1(platform.kafka().restartBroker()));

      feeder.join(STEP_TIMEOUT.toMillis());
      if (feederFailure.get() != null) throw new AssertionError("feeding failed", feederFailure.get());
      assertTrue(!feeder.isAlive(), "the feeder did not finish within " + STEP_TIMEOUT);
      REPORT.put("posting done after (s)", round1(Platform.secondsSince(t0)));
      awaitStored(CALLS, feederFailure);
      REPORT.put("all stored after (s)", round1(Platform.secondsSince(t0)));
    } finally {
      progress.interrupt();
      progress.join();
    }

    // The database: one row per call, none missing, none twice.
    Set<String> sentIds = new HashSet<>();
    for (String l : lines) sentIds.add(Json.readTree(l).path("id").asText());
    Set<String> storedIds = new HashSet<>();
    int rows;
    int explanationRows;
    try (Connection c = platform.pg().connect(); Statement s = c.createStatement()) {
      rows = count(s, "select count(*) from calls where call_id like 'fi-%'");
      explanationRows = count(s, "select count(*) from explanations where call_id like 'fi-%'");
      try (ResultSet rs = s.executeQuery("select call_id from calls where call_id like 'fi-%'")) {
        while (rs.next()) storedIds.add(rs.getString(1));
      }
    }
    Set<String> missing = new TreeSet<>(sentIds);
    missing.removeAll(storedIds);
    Set<String> unexpected = new TreeSet<>(storedIds);
    unexpected.removeAll(sentIds);

    // Kafka: what the explainer published per input record, as a read_committed reader sees it.
    String bootstrap = platform.kafka().bootstrapServers();
    List<ConsumerRecord<String, byte[]>> callRecords = TopicReader.readCommitted(bootstrap, Topics.CALLS,
        Duration.ofMinutes(1));
    List<ConsumerRecord<String, byte[]>> explanations = TopicReader.readCommitted(bootstrap, Topics.EXPLANATIONS,
        Duration.ofMinutes(1));
    List<ConsumerRecord<String, byte[]>> dlq = TopicReader.readCommitted(bootstrap, Topics.CALLS_DLQ,
        Duration.ofMinutes(1));
    Map<String, Integer> callsPerKey = perKey(callRecords);
    Map<String, Integer> explanationsPerKey = perKey(explanations);
    int validCallRecords = callRecords.size() - bad.size();
    Set<String> dlqKeys = new HashSet<>();
    List<String> withoutReason = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> r : dlq) {
      dlqKeys.add(CallKey.idOf(r.key()));
      Header reason = r.headers().lastHeader(Topics.HEADER_REASON);
      if (reason == null || new String(reason.value(), StandardCharsets.UTF_8).isBlank()) withoutReason.add(CallKey.idOf(r.key()));
    }

    REPORT.put("calls sent (valid, HTTP)", CALLS);
    REPORT.put("invalid records sent (straight to Kafka)", bad.size());
    REPORT.put("HTTP 503 answers (retried)", http503.get());
    REPORT.put("HTTP requests retried", httpRetries.get());
    REPORT.put("valid call records on llm.calls.v1 (re-sent after 503)", validCallRecords + " ("
        + (validCallRecords - CALLS) + " re-sent)");
    REPORT.put("explanation records (read_committed)", explanations.size());
    REPORT.put("explained (distinct call ids stored)", storedIds.size());
    REPORT.put("rows in calls / explanations", rows + " / " + explanationRows);
    REPORT.put("duplicated rows", rows - storedIds.size());
    REPORT.put("lost", missing.size());
    REPORT.put("DLQ'd (read_committed)", dlq.size());

    assertEquals(Set.of(), missing, "calls lost");
    assertEquals(Set.of(), unexpected, "rows for calls never sent");
    assertEquals(CALLS, rows, "one calls row per call");
    assertEquals(CALLS, explanationRows, "one explanations row per call");
    assertEquals(BAD, bad.size());
    assertEquals(bad.size(), dlq.size(), "the DLQ holds each invalid record exactly once");
    assertEquals(bad.keySet(), dlqKeys, "the DLQ holds exactly the invalid records sent");
    assertEquals(List.of(), withoutReason, "every DLQ record carries its reason");
    // Exactly-once Kafka to Kafka: one explanation per valid input record, despite the crash and the broker restart.
    for (String id : sentIds) {
      assertEquals(callsPerKey.get(id), explanationsPerKey.get(id),
          "explanations of " + id + " = its records on " + Topics.CALLS);
    }
    assertEquals(validCallRecords, explanations.size(), "one explanation per valid call record");
    for (ServiceProcess sp : platform.services()) assertTrue(sp.isAlive(), sp.name() + " is running");
  }

  // --- the stream ----------------------------------------------------------------------------

  /** 5,000 short HaluEval demo calls (question, one-line answer, knowledge passage), each with its own id. */
  private static List<String> calls() throws Exception {
    List<DemoCall> demo = DemoData.load().stream().filter(c -> c.id().startsWith("halueval")).toList();
    List<String> out = new ArrayList<>(CALLS);
    for (int i = 0; i < CALLS; i++) {
      ObjectNode n = (ObjectNode) Json.readTree(demo.get(i % demo.size()).json());
      n.put("id", String.format("fi-%05d", i));
      n.put("app", "fault-test");
      out.add(Json.mapper().writeValueAsString(n));
    }
    return out;
  }

  /**
   * Posts the calls in batches over HTTP, retrying a batch on 503 or a refused connection as a client should, and
   * after each batch produces one invalid record of each kind straight into Kafka.
   */
  private static void feed(List<String> lines, Map<String, byte[]> bad) throws Exception {
    IngestClient ingest = platform.ingestClient();
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafka().bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000);
    List<Future<RecordMetadata>> sends = new ArrayList<>();
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
        new ByteArraySerializer())) {
      for (int from = 0; from < lines.size(); from += BATCH) {
        Await.until("the backlog of posted calls not yet stored to shrink to " + MAX_BACKLOG, STEP_TIMEOUT,
            () -> posted.get() - stored.get() <= MAX_BACKLOG);
        List<String> batch = lines.subList(from, Math.min(lines.size(), from + BATCH));
        postUntilAccepted(ingest, batch);
        posted.addAndGet(batch.size());
        int seq = from / BATCH;
        for (String kind : BAD_KINDS) {
          String key = String.format("fi-bad-%s-%03d", kind, seq);
          byte[] value = badRecord(kind, key);
          bad.put(key, value);
          sends.add(producer.send(new ProducerRecord<>(Topics.CALLS, key, value)));
        }
      }
      producer.flush();
      for (Future<RecordMetadata> f : sends) f.get(5, TimeUnit.MINUTES);
    }
  }

  /**
   * Posts until every call of the batch was accepted: the whole batch again after a 503 or no answer, and after a
   * 207 only the calls Kafka did not acknowledge (the others are stored; re-sending them would be harmless too).
   */
  private static void postUntilAccepted(IngestClient ingest, List<String> batch) throws Exception {
    long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
    List<String> pending = batch;
    for (int attempt = 0; ; attempt++) {
      if (attempt > 0) {
        httpRetries.incrementAndGet();
        Thread.sleep(1000);
      }
      if (System.nanoTime() > deadline) fail("ingest did not accept a batch within " + STEP_TIMEOUT);
      IngestClient.Result r;
      try {
        r = ingest.postNdjson(pending);
      } catch (IOException e) {
        continue; // a client retries a request that got no answer
      }
      if (r.status() == 503) {
        http503.incrementAndGet();
        continue;
      }
      if (r.status() == 207) {
        List<String> again = new ArrayList<>();
        for (var rej : r.rejected()) {
          assertTrue(rej.path("retryable").asBoolean(), "only retryable rejections (Kafka did not acknowledge): " + rej);
          again.add(pending.get(rej.path("index").asInt()));
        }
        pending = again;
        continue;
      }
      assertEquals(202, r.status(), r.body());
      return;
    }
  }

  static byte[] badRecord(String kind, String key) {
    String prompt = "\"prompt\": \"What is the capital of France?\"";
    String head = "{\"id\": \"" + key + "\", \"timestamp\": \"2026-11-28T12:00:00Z\", \"app\": \"fault-test\","
        + " \"model\": \"m\", " + prompt;
    return switch (kind) {
      case "invalid-json" -> (head + ", \"response\": \"Paris\"").getBytes(StandardCharsets.UTF_8);
      case "invalid-utf8" -> {
        byte[] ok = (head + ", \"response\": \"Paris \"}").getBytes(StandardCharsets.UTF_8);
        byte[] out = ok.clone();
        out[out.length - 3] = (byte) 0xC3; // a lead byte with no continuation byte
        yield out;
      }
      case "missing-response" -> (head + "}").getBytes(StandardCharsets.UTF_8);
      case "positive-logprob" -> (head + ", \"response\": \"Paris\", \"logprobs\": [{\"token\": \"Paris\","
          + " \"logprob\": 0.5}]}").getBytes(StandardCharsets.UTF_8);
      default -> throw new IllegalArgumentException(kind);
    };
  }

  // --- faults and waiting ----------------------------------------------------------------------

  private static void crashAndRestart(ServiceProcess sp, String name) throws Exception {
    long pid = sp.pid();
    long t = System.nanoTime();
    sp.kill9();
    assertTrue(!sp.isAlive(), name + " (pid " + pid + ") is dead after SIGKILL");
    int atKill = stored.get();
    sp.start();
    sp.awaitReady(STEP_TIMEOUT);
    REPORT.put(name + " restarted and ready (s)", round1(Platform.secondsSince(t)));
    awaitStored(atKill + 1, new AtomicReference<>());
    REPORT.put(name + " crash: until rows grew again (s)", round1(Platform.secondsSince(t)));
  }

  /** Reads the stored count every half second; while PostgreSQL is down it keeps the last one. */
  private static final class ProgressPoller extends Thread {
    ProgressPoller() {
      super("progress");
      setDaemon(true);
    }

    @Override
    public void run() {
      while (!isInterrupted()) {
        try (Connection c = platform.pg().connect(); Statement s = c.createStatement()) {
          s.setQueryTimeout(5);
          stored.set(count(s, "select count(*) from calls where call_id like 'fi-%'"));
        } catch (SQLException | RuntimeException e) {
          // PostgreSQL is down on purpose for a while
        }
        try {
          Thread.sleep(500);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  /** Waits until {@code n} calls are stored; fails at once when the feeder failed or a service died. */
  private static void awaitStored(int n, AtomicReference<Throwable> feederFailure) {
    PlatformAwait.until(platform, n + " calls stored (" + posted.get() + " posted so far)", STEP_TIMEOUT, () -> {
      if (feederFailure.get() != null) throw new AssertionError("feeding failed", feederFailure.get());
      return stored.get();
    }, count -> count >= n);
  }

  private static Map<String, Integer> perKey(List<ConsumerRecord<String, byte[]>> records) {
    Map<String, Integer> m = new HashMap<>();
    // By call id: explanations are keyed by tenant and id, the calls this test produces by id.
    for (ConsumerRecord<String, byte[]> r : records) m.merge(CallKey.idOf(r.key()), 1, Integer::sum);
    return m;
  }

  private static int count(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static double round1(double x) {
    return Math.round(x * 10) / 10.0;
  }
}
