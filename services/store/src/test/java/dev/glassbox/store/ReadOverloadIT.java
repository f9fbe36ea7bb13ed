package dev.glassbox.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.core.explanation.Explanation;
import dev.glassbox.core.explanation.ExplanationCodec;
import dev.glassbox.core.testing.Await;
import dev.glassbox.kafka.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * A bounded load test: 200 clients flood {@code /api/calls/{id}/similar} for a few seconds while explanations
 * arrive on Kafka; every read gets 200 or 429 (never 503), and every explanation is stored on time.
 */
@QuarkusTest
@TestProfile(ReadOverloadIT.Consuming.class)
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = EmbeddedKafkaResource.class, restrictToAnnotatedClass = true)
class ReadOverloadIT {

  /** The store as deployed: consuming from the broker, reads limited by the defaults. */
  public static class Consuming implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("glassbox.store.consume", "true");
    }
  }

  private static final int CLIENTS = 200;
  private static final Duration OVERLOAD = Duration.ofSeconds(8);
  private static final Duration WRITE_EVERY = Duration.ofMillis(50);
  private static final int SEEDED = 1000;
  /** Before the limits, the delay rose tenfold and reads waited up to 27 s; a normal delay is under a second. */
  private static final Duration WRITE_BOUND = Duration.ofSeconds(10);
  private static final String TOKEN = "test-reader-token-0001";

  /** One answered (or failed, status -1) read. */
  record Outcome(int status, long millis, boolean retryAfter) {}

  @TestHTTPResource("/")
  URL root;

  @Inject
  ExplanationRepository repository;

  @Inject
  DataSource database;

  @Inject
  MeterRegistry registry;

  @Test
  void writesKeepFlowingWhileAFloodOfSimilarReadsIsRefusedWith429() throws Exception {
    String target = seed();
    Map<String, byte[]> writes = explanationsToWrite();
    Map<String, Instant> produced = new LinkedHashMap<>();
    Thread writer = new Thread(() -> produce(writes, produced), "overload-writer");
    writer.start();
    List<Outcome> reads = flood(target);
    writer.join(OVERLOAD.plusSeconds(30).toMillis());
    assertTrue(!writer.isAlive(), "the writer ends by itself");
    Await.until("every explanation produced during the overload is stored", WRITE_BOUND.plusSeconds(20),
        () -> storedAt(produced.keySet()).size() == produced.size());
    List<Long> delays = delaysMillis(produced, storedAt(produced.keySet()));

    long ok = reads.stream().filter(o -> o.status() == 200).count();
    long refused = reads.stream().filter(o -> o.status() == 429).count();
    System.out.printf("ReadOverloadIT: %d clients for %d s: %d reads, %d ok, %d refused (429); latency ok p50 %d ms"
            + " p99 %d ms, refused p50 %d ms p99 %d ms; %d explanations written, delay p50 %d ms max %d ms%n",
        CLIENTS, OVERLOAD.toSeconds(), reads.size(), ok, refused, percentile(reads, 200, 50),
        percentile(reads, 200, 99), percentile(reads, 429, 50), percentile(reads, 429, 99), delays.size(),
        delays.get(delays.size() / 2), delays.get(delays.size() - 1));

    assertEquals(List.of(), reads.stream().filter(o -> o.status() != 200 && o.status() != 429).toList(),
        "every read is answered 200 or 429");
    assertTrue(ok > 0 && refused > 0, "the flood both got answers and was limited");
    assertTrue(reads.stream().filter(o -> o.status() == 429).allMatch(Outcome::retryAfter), "429 carries Retry-After");
    assertEquals(refused, (long) registry.get("glassbox.store.api.reads.refused").tag("kind", "similar").counter()
        .count(), "every refusal is counted");
    assertTrue(produced.size() >= OVERLOAD.dividedBy(WRITE_EVERY) / 2, "writes were produced throughout");
    assertTrue(delays.get(delays.size() - 1) < WRITE_BOUND.toMillis(), "every explanation stored within the bound");
  }

  /** Earlier calls of one tenant and app, so that each similar read scores a thousand candidates; the newest. */
  private String seed() throws SQLException {
    Instant start = Instant.now().minus(Duration.ofDays(2));
    List<Explanation> batch = new ArrayList<>();
    for (int i = 0; i < SEEDED; i++) {
      batch.add(Explanations.full("seed-" + i, start.plusSeconds(i).toString()));
    }
    repository.writeExplanations(batch);
    return "seed-" + (SEEDED - 1);
  }

  /** Encoded up front so that producing costs the writer thread nothing but the send. */
  private static Map<String, byte[]> explanationsToWrite() {
    Map<String, byte[]> out = new LinkedHashMap<>();
    long count = OVERLOAD.dividedBy(WRITE_EVERY);
    for (int i = 0; i < count; i++) {
      String id = "written-" + i;
      out.put(id, ExplanationCodec.encode(Explanations.full(id, Instant.now().minusSeconds(60).toString())));
    }
    return out;
  }

  /** Sends one explanation every {@link #WRITE_EVERY} and notes when each went out. */
  private static void produce(Map<String, byte[]> writes, Map<String, Instant> produced) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
    p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    try (KafkaProducer<String, byte[]> producer =
             new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      for (Map.Entry<String, byte[]> w : writes.entrySet()) {
        produced.put(w.getKey(), Instant.now());
        producer.send(new ProducerRecord<>(Topics.EXPLANATIONS, w.getKey(), w.getValue())).get(10, TimeUnit.SECONDS);
        Thread.sleep(WRITE_EVERY.toMillis());
      }
    } catch (Exception e) {
      throw new IllegalStateException("producing the overload's explanations failed", e);
    }
  }

  /** {@link #CLIENTS} threads each asking for the target's similar calls, back to back, until the overload ends. */
  private List<Outcome> flood(String target) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create(root + "api/calls/" + target + "/similar"))
        .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(60)).GET().build();
    Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    long deadline = System.nanoTime() + OVERLOAD.toNanos();
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    for (int c = 0; c < CLIENTS; c++) {
      clients.execute(() -> {
        while (System.nanoTime() < deadline) outcomes.add(read(http, request));
      });
    }
    clients.shutdown();
    assertTrue(clients.awaitTermination(OVERLOAD.toSeconds() + 90, TimeUnit.SECONDS), "the flood ends by itself");
    return new ArrayList<>(outcomes);
  }

  private static Outcome read(HttpClient http, HttpRequest request) {
    long start = System.nanoTime();
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Outcome(r.statusCode(), (System.nanoTime() - start) / 1_000_000,
          r.headers().firstValue("Retry-After").isPresent());
    } catch (Exception e) {
      return new Outcome(-1, (System.nanoTime() - start) / 1_000_000, false);
    }
  }

  /** When each of these calls' explanations was stored (the writing transaction's start). */
  private Map<String, Instant> storedAt(Collection<String> ids) throws SQLException {
    Map<String, Instant> out = new LinkedHashMap<>();
    try (Connection c = database.getConnection(); PreparedStatement ps =
             c.prepareStatement("SELECT call_id, stored_at FROM explanations WHERE call_id = ANY(?)")) {
      ps.setArray(1, c.createArrayOf("text", ids.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.put(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant());
      }
    }
    return out;
  }

  /** Produce-to-stored delay of each explanation, sorted. */
  private static List<Long> delaysMillis(Map<String, Instant> produced, Map<String, Instant> stored) {
    return produced.entrySet().stream()
        .map(e -> Math.max(0, Duration.between(e.getValue(), stored.get(e.getKey())).toMillis()))
        .sorted().toList();
  }

  private static long percentile(List<Outcome> outcomes, int status, int percent) {
    List<Long> sorted = outcomes.stream().filter(o -> o.status() == status).map(Outcome::millis).sorted().toList();
    if (sorted.isEmpty()) return -1;
    return sorted.get(Math.min(sorted.size() - 1, sorted.size() * percent / 100));
  }
}
