package dev.glassbox.bench;

import static dev.glassbox.bench.RssSampler.sleepNanos;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.bench.BenchTable.Row;
import dev.glassbox.core.call.Call;
import dev.glassbox.core.call.CallKey;
import dev.glassbox.core.explanation.Explanation;
import dev.glassbox.core.json.Json;
import dev.glassbox.kafka.KafkaClients;
import dev.glassbox.kafka.Topics;
import dev.glassbox.platform.Platform;
import dev.glassbox.platform.Ports;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Parts (d), (f) and the memory row, then (e): Kafka, PostgreSQL, the explainer and the store started as in
 * {@code glassbox up}; the explainer's throughput on a real broker, end-to-end latency at half of it, its memory.
 */
record ServicePart(Bench.Sizes sizes, BenchTable table, PrintStream out) {

  /** (d), (f), memory and (e): Kafka, PostgreSQL, the explainer and the store started as in {@code glassbox up}. */
  void run(Path home, BenchSet set, List<Explanation> explanations) throws Exception {
    Path dataDir = Files.createTempDirectory("glassbox-bench");
    Map<String, Integer> services = new LinkedHashMap<>();
    services.put("explainer", Ports.ANY);
    services.put("store", Ports.ANY);
    out.println("starting Kafka, PostgreSQL, explainer and store (logs in " + dataDir.resolve("logs") + ")...");
    try (Platform p = Platform.start(new Platform.Settings(home, dataDir, Ports.ANY, Ports.ANY,
        services, true, Duration.ofMinutes(3)), line -> out.println("  " + line))) {
      long pid = p.service("explainer").pid();
      RssSampler rss = new RssSampler(pid);
      rss.start();
      try (KafkaProducer<String, String> producer = producer(p.kafka().bootstrapServers());
          KafkaConsumer<String, String> consumer = consumer(p.kafka().bootstrapServers())) {
        List<TopicPartition> parts = consumer.partitionsFor(Topics.EXPLANATIONS).stream()
            .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
        consumer.assign(parts);
        consumer.seekToEnd(parts);
        parts.forEach(consumer::position);
        // Warm-up: JIT and the first forward passes, not counted.
        Map<String, Long> warm = sendAll(producer, set, "warm-", 40);
        await(consumer, warm.keySet(), Duration.ofMinutes(2), new HashMap<>());
        Map<String, Long> sent = sendAll(producer, set, "d-", sizes.explainerCalls());
        long start = sent.values().stream().mapToLong(Long::longValue).min().orElseThrow();
        Map<String, Long> seen = new HashMap<>();
        await(consumer, sent.keySet(), Duration.ofMinutes(5), seen);
        long end = seen.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        Row d = new Row("d", "explainer service", "calls", "per call", "1 stream thread, EOS", sent.size(),
            (end - start) / 1e9, "calls/s");
        table.add(d);
        double half = d.rate() / 2;
        latency(p, producer, consumer, set, half);
      } finally {
        rss.stop();
      }
      table.note(String.format(Locale.ROOT, "explainer RSS under load: peak sampled %.0f MB, VmHWM %.0f MB (pid %d,"
          + " one model per process)", rss.peakKb / 1024.0, rss.hwmKb() / 1024.0, pid));
      table.add(new Row("mem", "explainer VmRSS peak", "under load", "-", "-Xmx768m", Math.round(rss.peakKb / 1024.0), 0,
          "MB"));
      new StorePart(sizes, table).run(p, explanations);
    } finally {
      try {
        deleteQuietly(dataDir);
      } catch (Exception ignored) {
        // scratch data; the OS cleans temp folders
      }
    }
  }

  /** (f): calls at {@code rate}/s for the run's duration; latency to the explanation on the topic and to the row. */
  private void latency(Platform p, KafkaProducer<String, String> producer, KafkaConsumer<String, String> consumer,
      BenchSet set, double rate) throws Exception {
    int n = (int) Math.max(10, Math.round(rate * sizes.latencySeconds()));
    Map<String, Long> sentNanos = new ConcurrentHashMap<>();
    Map<String, Long> sentMillis = new ConcurrentHashMap<>();
    Map<String, Long> seen = new HashMap<>();
    AtomicBoolean failed = new AtomicBoolean();
    Thread sender = new Thread(() -> {
      long interval = (long) (1e9 / rate);
      long begin = System.nanoTime();
      for (int i = 0; i < n; i++) {
        long due = begin + i * interval;
        long wait = due - System.nanoTime();
        if (wait > 0) sleepNanos(wait);
        String id = "f-" + i;
        sentMillis.put(id, System.currentTimeMillis());
        sentNanos.put(id, System.nanoTime());
        producer.send(withId(set, i, id), (m, e) -> {
          if (e != null) failed.set(true);
        });
      }
      producer.flush();
    }, "bench-sender");
    sender.start();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) ids.add("f-" + i);
    await(consumer, new java.util.HashSet<>(ids), Duration.ofSeconds(sizes.latencySeconds() + 120L), seen);
    sender.join();
    if (failed.get()) throw new IllegalStateException("producing the latency calls failed");
    double[] topic = new double[n];
    for (int i = 0; i < n; i++) topic[i] = (seen.get(ids.get(i)) - sentNanos.get(ids.get(i))) / 1e6;
    Arrays.sort(topic);
    String cfg = String.format(Locale.ROOT, "%.1f calls/s", rate);
    table.add(new Row("f", "latency p50 to topic", "calls", "-", cfg, n, pct(topic, 0.50) / 1000, "ms"));
    table.add(new Row("f", "latency p99 to topic", "calls", "-", cfg, n, pct(topic, 0.99) / 1000, "ms"));
    // The row's stored_at is the store transaction's start (now()); it lags the commit by the batch write.
    Map<String, Long> stored = waitForRows(p, ids, Duration.ofSeconds(60));
    if (stored.size() == n) {
      double[] row = new double[n];
      for (int i = 0; i < n; i++) row[i] = stored.get(ids.get(i)) - sentMillis.get(ids.get(i));
      Arrays.sort(row);
      table.add(new Row("f", "latency p50 to PG row", "calls", "-", cfg, n, pct(row, 0.50) / 1000, "ms"));
      table.add(new Row("f", "latency p99 to PG row", "calls", "-", cfg, n, pct(row, 0.99) / 1000, "ms"));
    } else {
      table.note("only " + stored.size() + " of " + n + " latency calls reached PostgreSQL within 60 s");
    }
  }

  private static double pct(double[] sorted, double q) {
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  }

  private static Map<String, Long> waitForRows(Platform p, List<String> ids, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, Long> out = new HashMap<>();
    try (Connection c = p.pg().connect();
        PreparedStatement ps = c.prepareStatement("SELECT call_id, (extract(epoch from stored_at) * 1000)::bigint"
            + " FROM explanations WHERE call_id = ANY (?)")) {
      ps.setArray(1, c.createArrayOf("text", ids.toArray()));
      while (System.nanoTime() < deadline) {
        out.clear();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) out.put(rs.getString(1), rs.getLong(2));
        }
        if (out.size() == ids.size()) break;
        Thread.sleep(500);
      }
    }
    return out;
  }

  private Map<String, Long> sendAll(KafkaProducer<String, String> producer, BenchSet set, String prefix, int n)
      throws Exception {
    Map<String, Long> sent = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      String id = prefix + i;
      sent.put(id, System.nanoTime());
      producer.send(withId(set, i, id));
    }
    producer.flush();
    return sent;
  }

  /** The set's call {@code i} (cycling) with a new id, so every produced call is a distinct call, as a record. */
  private static ProducerRecord<String, String> withId(BenchSet set, int i, String id) {
    try {
      ObjectNode node = (ObjectNode) Json.readTree(set.callLines().get(i % set.callLines().size()));
      node.put("id", id);
      // Keyed as ingest keys calls: by tenant and id.
      String key = new CallKey(node.path("tenant").asText(Call.DEFAULT_TENANT), id).recordKey();
      return new ProducerRecord<>(Topics.CALLS, key, node.toString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads explanations until every id in {@code ids} was seen; records when each was first seen (nanoTime). */
  private static void await(KafkaConsumer<String, String> consumer, java.util.Set<String> ids, Duration timeout,
      Map<String, Long> seen) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int found = 0;
    for (String id : ids) if (seen.containsKey(id)) found++;
    while (found < ids.size()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("only " + found + " of " + ids.size() + " explanations arrived within "
            + timeout.toSeconds() + " s");
      }
      for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(50))) {
        String id = CallKey.idOf(r.key());
        if (ids.contains(id) && seen.putIfAbsent(id, System.nanoTime()) == null) found++;
      }
    }
  }

  private static KafkaProducer<String, String> producer(String bootstrap) {
    Properties p = KafkaClients.reliableProducer(bootstrap, "glassbox-bench", Duration.ofSeconds(30));
    p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }

  private static KafkaConsumer<String, String> consumer(String bootstrap) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1000");
    return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
  }

  private static void deleteQuietly(Path dir) throws java.io.IOException {
    try (var walk = Files.walk(dir)) {
      for (Path x : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(x);
    }
  }
}
