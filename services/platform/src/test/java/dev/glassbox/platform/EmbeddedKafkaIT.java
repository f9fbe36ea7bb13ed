package dev.glassbox.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.core.testing.Await;
import dev.glassbox.kafka.Topics;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaIT {

  @TempDir Path dir;

  @Test
  void servesClientsOnAFreePortWithGlassboxTopicsCreatedEvenWhenTheFirstChoiceWasTaken() throws Exception {
    int port = Ports.freePort();
    long t0 = System.nanoTime();
    try (ServerSocket taken = new ServerSocket(0);
        EmbeddedKafka kafka = EmbeddedKafka.start(Ports.ANY, dir.resolve("kafka"), List.of(),
            PortsTest.candidates(taken.getLocalPort(), port))) {
      System.out.printf("Kafka started on %d in %.1f s%n", port, Platform.secondsSince(t0));
      assertEquals(port, kafka.port(), "the taken port was passed over");
      assertEquals("localhost:" + port, kafka.bootstrapServers());
      try (Admin admin = Admin.create(kafka.clientProperties())) {
        Map<String, TopicDescription> topics =
            admin.describeTopics(Topics.ALL).allTopicNames().get(30, TimeUnit.SECONDS);
        for (String t : Topics.ALL) assertEquals(EmbeddedKafka.PARTITIONS, topics.get(t).partitions().size(), t);
      }
      Properties pp = kafka.clientProperties();
      pp.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
      pp.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
      pp.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "embedded-kafka-it");
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(pp)) {
        // A transaction proves the single-node transaction log works (the explainer runs exactly-once).
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(Topics.CALLS, "k1", "hello"));
        producer.commitTransaction();
      }
      Properties cp = kafka.clientProperties();
      cp.put(ConsumerConfig.GROUP_ID_CONFIG, "embedded-kafka-it");
      cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      cp.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      cp.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
      cp.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
      try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cp)) {
        consumer.subscribe(List.of(Topics.CALLS));
        List<ConsumerRecord<String, String>> got = new ArrayList<>();
        Await.until("the record to come back through a consumer group", Duration.ofSeconds(30), () -> {
          consumer.poll(Duration.ofMillis(500)).forEach(got::add);
          return !got.isEmpty();
        });
        assertEquals("hello", got.get(0).value());
      }
    }
  }

  @Test
  void aFixedPortInUseIsAClearError() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> EmbeddedKafka.start(taken.getLocalPort(), dir.resolve("kafka2")).close());
      assertTrue(e.getMessage().contains("port " + taken.getLocalPort()), e.getMessage());
    }
  }
}
