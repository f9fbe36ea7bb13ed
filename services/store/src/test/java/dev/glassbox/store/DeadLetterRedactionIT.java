package dev.glassbox.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.core.redact.DeadLetterPayload;
import dev.glassbox.core.redact.PlantedCorpus;
import dev.glassbox.core.testing.Await;
import dev.glassbox.kafka.DeadLetters;
import dev.glassbox.kafka.FailurePolicy;
import dev.glassbox.kafka.KafkaClients;
import dev.glassbox.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store's DLQ on a real broker holds no personal data: every planted value of the PII corpus, refused by the
 * store, lands on {@code llm.explanations.dlq.v1} redacted, with its reason; with a key, its raw bytes travel sealed
 * and open to exactly what was refused.
 */
class DeadLetterRedactionIT {

  private static final String BINARY_DLQ = "dlq-it.binary";
  private static final byte[] KEY = Base64.getDecoder().decode("m9Jc2k4o1Q7xVt0b8Zy3rLw6pHs5nAe2uDf1gKi7jXo=");
  private static KafkaClusterTestKit kafka;

  @BeforeAll
  static void start() throws Exception {
    kafka = EmbeddedKafkaResource.startBroker(new NewTopic(Topics.EXPLANATIONS_DLQ, 1, (short) 1),
        new NewTopic(BINARY_DLQ, 1, (short) 1));
  }

  @AfterAll
  static void stop() throws Exception {
    if (kafka != null) kafka.close();
  }

  @Test
  void refusedRecordsReachTheDlqRedactedWithTheirReasonAndSealedRawBytes() throws Exception {
    List<PlantedCorpus.Entry> corpus = PlantedCorpus.load();
    List<byte[]> raw = new ArrayList<>();
    try (BadRecords bad = new BadRecords(FailurePolicy.DLQ, "explanations", new KafkaProducer<>(
        KafkaClients.reliableProducer(kafka.bootstrapServers(), "dlq-it", Duration.ofSeconds(30)),
        new StringSerializer(), new ByteArraySerializer()), Topics.EXPLANATIONS_DLQ,
        new DeadLetterPayload(DeadLetterPayload.Mode.REDACT, KEY))) {
      for (PlantedCorpus.Entry e : corpus) {
        // Cut short, so no explanation decoder could read it: the way a broken producer's record arrives.
        String json = e.jsonWithoutLabels();
        byte[] bytes = json.substring(0, json.length() - 1).getBytes(StandardCharsets.UTF_8);
        raw.add(bytes);
        bad.handle(new ConsumerRecord<>(Topics.EXPLANATIONS, 0, raw.size(), -1L, TimestampType.CREATE_TIME, -1, -1,
            "k-" + raw.size(), bytes, new RecordHeaders(), Optional.empty()),
            DeadLetters.INVALID, "undecodable: unexpected end of input");
      }
    }
    List<ConsumerRecord<String, byte[]>> dead = readDlq(Topics.EXPLANATIONS_DLQ, raw.size());
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < dead.size(); i++) {
      ConsumerRecord<String, byte[]> r = dead.get(i);
      values.append(new String(r.value(), StandardCharsets.UTF_8)).append('\n');
      assertEquals("undecodable: unexpected end of input", header(r, Topics.HEADER_REASON));
      assertEquals(Topics.EXPLANATIONS + "/0/" + (i + 1), header(r, Topics.HEADER_ORIGIN));
      assertTrue(header(r, Topics.HEADER_PAYLOAD).startsWith("redacted text ("), header(r, Topics.HEADER_PAYLOAD));
      assertArrayEquals(raw.get(i), DeadLetterPayload.open(r.headers().lastHeader(Topics.HEADER_SEALED).value(), KEY));
    }
    assertEquals(List.of(), PlantedCorpus.leaks(corpus, values.toString()), "planted values in the DLQ's values");
    StringBuilder everything = new StringBuilder(values);
    for (ConsumerRecord<String, byte[]> r : dead) {
      r.headers().forEach(h -> everything.append(new String(h.value(), StandardCharsets.ISO_8859_1)).append('\n'));
    }
    assertEquals(List.of(), PlantedCorpus.leaks(corpus, everything.toString()), "planted values in its headers");
  }

  @Test
  void byDefaultBytesThatAreNoTextAreDroppedAndNothingRawIsKept() throws Exception {
    byte[] binary = {(byte) 0xC3, (byte) 0x28, 'j', 'a', 'n', 'e', '@', 'x', '.', 'i', 'o'};
    try (BadRecords bad = new BadRecords(FailurePolicy.DLQ, "explanations", new KafkaProducer<>(
        KafkaClients.reliableProducer(kafka.bootstrapServers(), "dlq-it-2", Duration.ofSeconds(30)),
        new StringSerializer(), new ByteArraySerializer()), BINARY_DLQ)) {
      bad.handle(new ConsumerRecord<>(Topics.EXPLANATIONS, 0, 99L, "binary", binary), DeadLetters.INVALID, "bad");
    }
    ConsumerRecord<String, byte[]> r = readDlq(BINARY_DLQ, 1).get(0);
    assertNull(r.value());
    assertEquals("dropped 11 bytes that are no UTF-8 text", header(r, Topics.HEADER_PAYLOAD));
    assertNull(r.headers().lastHeader(Topics.HEADER_SEALED));
    assertEquals("bad", header(r, Topics.HEADER_REASON));
  }

  private static String header(ConsumerRecord<String, byte[]> r, String name) {
    return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  /** The first {@code n} records of a DLQ topic. */
  private static List<ConsumerRecord<String, byte[]>> readDlq(String topic, int n) {
    Properties p = new Properties();
    p.putAll(kafka.clientProperties());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader-" + System.nanoTime());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
        new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      Await.until(n + " records on " + topic, Duration.ofSeconds(60), () -> {
        consumer.poll(Duration.ofMillis(500)).forEach(out::add);
        return out.size() >= n;
      });
    }
    return out;
  }
}
