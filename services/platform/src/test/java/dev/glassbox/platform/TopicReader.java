package dev.glassbox.platform;

import dev.glassbox.core.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a whole topic as a read_committed consumer would see it: records of aborted transactions are skipped. */
final class TopicReader {

  private TopicReader() {}

  /** Every committed record of {@code topic}, from the beginning up to its last stable offset now. */
  static List<ConsumerRecord<String, byte[]>> readCommitted(String bootstrapServers, String topic, Duration timeout) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
    List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> parts = c.partitionsFor(topic, timeout).stream()
          .map(i -> new TopicPartition(topic, i.partition())).toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      // With read_committed, the end offsets are the last stable offsets: nothing is still open below them.
      Map<TopicPartition, Long> end = c.endOffsets(parts, timeout);
      Await.until("reading " + topic + " to its end offsets " + end, timeout, () -> {
        if (parts.stream().allMatch(tp -> c.position(tp) >= end.get(tp))) return true;
        c.poll(Duration.ofMillis(500)).forEach(out::add);
        return false;
      });
    }
    return out;
  }
}
