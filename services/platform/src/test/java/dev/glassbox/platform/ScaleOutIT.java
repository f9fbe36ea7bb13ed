package dev.glassbox.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.core.call.CallKey;
import dev.glassbox.core.json.Json;
import dev.glassbox.kafka.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
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
    Path dataDir = TestRuns.freshDataDir(home, "scale");
    Map<String, Integer> services = TestRuns.onAnyPort("explainer");
    try (Platform platform = Platform.start(new Platform.Settings(home, dataDir, Ports.ANY, Ports.ANY, services, true,
        Duration.ofMinutes(4)), line -> System.out.println("[scale] " + line));
        ServiceProcess second = ServiceProcess.quarkus(home, "explainer", Ports.ANY,
            Platform.HEAPS.get("explainer"), secondEnv(platform, dataDir), dataDir.resolve("logs-second")).start()) {
      second.awaitReady(Duration.ofMinutes(4));
      ServiceProcess first = platform.service("explainer");
      Map<String, Integer> partitions = awaitBothAssigned(platform);
      System.out.println("[scale] partitions per member: " + partitions);

      List<String> ids = produceCalls(platform);
      awaitEveryCallCommitted(platform);
      Map<String, Integer> seen = new HashMap<>();
      for (ConsumerRecord<String, byte[]> r : TopicReader.readCommitted(platform.kafka().bootstrapServers(),
          Topics.EXPLANATIONS, Duration.ofMinutes(1))) {
        seen.merge(CallKey.idOf(r.key()), 1, Integer::sum);
      }
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
    try (Admin admin = Admin.create(platform.kafka().clientProperties())) {
      return PlatformAwait.until(platform, "the two explainers to share the " + EmbeddedKafka.PARTITIONS
          + " partitions", TIMEOUT, () -> {
            ConsumerGroupDescription g = admin.describeConsumerGroups(List.of(GROUP)).all().get().get(GROUP);
            Map<String, Integer> perMember = new HashMap<>();
            for (MemberDescription m : g.members()) {
              perMember.put(m.consumerId(), (int) m.assignment().topicPartitions().stream()
                  .filter(tp -> tp.topic().equals(Topics.CALLS)).count());
            }
            return perMember;
          }, perMember -> perMember.size() == 2 && perMember.values().stream().allMatch(n -> n > 0)
              && perMember.values().stream().mapToInt(Integer::intValue).sum() == EmbeddedKafka.PARTITIONS);
    }
  }

  /**
   * Waits until the group has committed its offsets to the end of the calls topic: with exactly-once processing an
   * offset is committed in the transaction that publishes the explanation, so every explanation is then on its topic.
   */
  private static void awaitEveryCallCommitted(Platform platform) throws Exception {
    try (Admin admin = Admin.create(platform.kafka().clientProperties())) {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int p = 0; p < EmbeddedKafka.PARTITIONS; p++) latest.put(new TopicPartition(Topics.CALLS, p), OffsetSpec.latest());
      Map<TopicPartition, Long> end = new HashMap<>();
      admin.listOffsets(latest).all().get().forEach((tp, info) -> end.put(tp, info.offset()));
      PlatformAwait.until(platform, "the explainers to commit every call record " + end, TIMEOUT, () -> {
        Map<TopicPartition, Long> committed = new HashMap<>();
        admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get().forEach((tp, om) -> {
          if (tp.topic().equals(Topics.CALLS) && om != null) committed.put(tp, om.offset());
        });
        return committed;
      }, end::equals);
    }
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
