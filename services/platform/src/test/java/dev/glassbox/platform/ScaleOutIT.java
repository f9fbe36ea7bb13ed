package dev.glassbox.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.core.json.Json;
import dev.glassbox.kafka.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Scale-out: two packaged explainer processes in one consumer group on the 4-partition calls topic share the
 * partitions and together explain every call exactly once (read_committed on the explanations topic).
 */
class ScaleOutIT {

  private static final int CALLS = 200;
  private static final String GROUP = "glassbox-explainer";
  private static final Duration TIMEOUT = Duration.ofMinutes(5);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void twoExplainersSharePartitionsAndExplainEveryCallOnce() throws Exception {
    Path home = GlassboxHome.find();
    Path target = home.resolve("services/platform/target");
    Files.createDirectories(target);
    try (var old = Files.newDirectoryStream(target, "scale-*")) {
      for (Path p : old) EmbeddedKafka.deleteRecursively(p);
    }
    Path dataDir = Files.createTempDirectory(target, "scale-");
    Map<String, Integer> services = new LinkedHashMap<>();
    services.put("explainer", Platform.freePort());
    try (Platform platform = Platform.start(new Platform.Settings(home, dataDir, Platform.freePort(),
        Platform.freePort(), services, true, Duration.ofMinutes(4)), line -> System.out.println("[scale] " + line));
        ServiceProcess second = ServiceProcess.quarkus(home, "explainer", Platform.freePort(),
            Platform.HEAPS.get("explainer"), secondEnv(platform, dataDir), dataDir.resolve("logs-second")).start()) {
      second.awaitReady(Duration.ofMinutes(4));
      ServiceProcess first = platform.service("explainer");
      Map<String, Integer> partitions = awaitBothAssigned(platform);
      System.out.println("[scale] partitions per member: " + partitions);

      List<String> ids = produceCalls(platform);
      Map<String, Integer> seen = readExplanations(platform, ids.size());
      assertEquals(new HashSet<>(ids), seen.keySet(), "every call explained");
      List<String> twice = seen.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
      assertEquals(List.of(), twice, "no call explained twice");

      double a = explained(first), b = explained(second);
      System.out.printf("[scale] explained by instance 1: %.0f, instance 2: %.0f, distinct on topic: %d%n", a, b,
          seen.size());
      assertTrue(a > 0 && b > 0, "both instances explained calls: " + a + " and " + b);
      // A transaction aborted by a rebalance is processed again and counted again; the topic above is what counts.
      assertTrue(a + b >= CALLS, "together at least the calls sent");
    }
  }

  /** The first instance's environment with a state folder of its own, as a second machine would have. */
  private static Map<String, String> secondEnv(Platform platform, Path dataDir) {
    Map<String, String> env = new LinkedHashMap<>(platform.env("explainer"));
    env.put("GLASSBOX_STATE_DIR", dataDir.resolve("kafka").resolve("streams-explainer-2").toString());
    return env;
  }

  /** Waits until the group has two members and each holds at least one partition of the calls topic. */
  private static Map<String, Integer> awaitBothAssigned(Platform platform) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    Map<String, Integer> perMember = new HashMap<>();
    try (Admin admin = Admin.create(platform.kafka().clientProperties())) {
      while (System.nanoTime() < deadline) {
        ConsumerGroupDescription g = admin.describeConsumerGroups(List.of(GROUP)).all().get().get(GROUP);
        perMember.clear();
        for (MemberDescription m : g.members()) {
          int n = (int) m.assignment().topicPartitions().stream().filter(tp -> tp.topic().equals(Topics.CALLS)).count();
          perMember.put(m.consumerId(), n);
        }
        if (perMember.size() == 2 && perMember.values().stream().allMatch(n -> n > 0)
            && perMember.values().stream().mapToInt(Integer::intValue).sum() == EmbeddedKafka.PARTITIONS) {
          return perMember;
        }
        Thread.sleep(500);
      }
    }
    fail("the two explainers did not share the " + EmbeddedKafka.PARTITIONS + " partitions: " + perMember);
    return perMember;
  }

  private static List<String> produceCalls(Platform platform) throws Exception {
    List<DemoData.DemoCall> demo = DemoData.load().stream().filter(c -> c.id().startsWith("halueval")).toList();
    Properties p = platform.kafka().clientProperties();
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    List<String> ids = new ArrayList<>();
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
      for (int i = 0; i < CALLS; i++) {
        ObjectNode n = (ObjectNode) Json.readTree(demo.get(i % demo.size()).json());
        String id = "scale-" + i;
        n.put("id", id);
        ids.add(id);
        producer.send(new ProducerRecord<>(Topics.CALLS, id, Json.string(n)));
      }
      producer.flush();
    }
    return ids;
  }

  private static Map<String, Integer> readExplanations(Platform platform, int expected) {
    Properties p = platform.kafka().clientProperties();
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "scale-reader");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Map<String, Integer> seen = new HashMap<>();
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      c.subscribe(List.of(Topics.EXPLANATIONS));
      while (seen.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) seen.merge(r.key(), 1, Integer::sum);
      }
      // A little longer, so that a duplicate committed after the last new id would still be seen.
      long settle = System.nanoTime() + Duration.ofSeconds(3).toNanos();
      while (System.nanoTime() < settle) {
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) seen.merge(r.key(), 1, Integer::sum);
      }
    }
    return seen;
  }

  /** The instance's count of explained calls, from its Prometheus metrics. */
  private static double explained(ServiceProcess sp) throws Exception {
    String body = HTTP.send(HttpRequest.newBuilder(URI.create(sp.baseUrl() + "/q/metrics")).GET().build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
    double n = 0;
    for (String line : body.split("\n")) {
      if (line.startsWith("glassbox_explainer_calls_total{") && line.contains("outcome=\"explained\"")) {
        n += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return n;
  }
}
