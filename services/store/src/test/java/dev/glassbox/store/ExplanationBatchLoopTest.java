package dev.glassbox.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.core.explanation.ExplanationCodec;
import dev.glassbox.core.testing.Await;
import dev.glassbox.kafka.BadRecordException;
import dev.glassbox.kafka.FailurePolicy;
import dev.glassbox.kafka.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExplanationBatchLoopTest {

  private static final String TOPIC = Topics.EXPLANATIONS;
  private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);

  private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final StoreMetrics metrics = new StoreMetrics(registry);
  private final List<List<String>> writes = new ArrayList<>();
  private final List<Duration> sleeps = new ArrayList<>();
  /** Failures the fake database throws, one per write attempt, before it starts accepting. */
  private final List<SQLException> failures = new ArrayList<>();
  /** Call ids the fake database's same-call rule refuses as changed. */
  private final List<String> changed = new ArrayList<>();

  /** What reaches the DLQ under the dlq policy; sends complete at once. */
  private final MockProducer<String, byte[]> dlqProducer =
      new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());

  private BatchLoop<ExplanationRows> loop;

  @BeforeEach
  void assignOnePartition() {
    consumer.assign(List.of(P0));
    consumer.updateBeginningOffsets(Map.of(P0, 0L));
    loop = loop(BadRecords.logAndContinue("explanations"));
  }

  private BatchLoop<ExplanationRows> loop(BadRecords badRecords) {
    BatchLoop.Writer<ExplanationRows> writer = batch -> {
      if (!failures.isEmpty()) throw failures.remove(0);
      List<SameCallRule.Refusal> refused = new ArrayList<>();
      List<String> written = new ArrayList<>();
      for (int i = 0; i < batch.size(); i++) {
        String id = batch.get(i).call().callId();
        if (changed.contains(id)) refused.add(new SameCallRule.Refusal(i, SameCallRule.CHANGED, id + " changed"));
        else written.add(id);
      }
      writes.add(written);
      return refused;
    };
    return new BatchLoop<>(consumer, TOPIC, StoredRecords.EXPLANATIONS, writer, metrics, badRecords, Duration.ZERO,
        new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(4)), sleeps::add);
  }

  private BadRecords dlq() {
    return new BadRecords(FailurePolicy.DLQ, "explanations", dlqProducer, Topics.EXPLANATIONS_DLQ);
  }

  private void send(long offset, byte[] value) {
    consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, offset, "k" + offset, value));
  }

  private void sendExplanation(long offset) {
    send(offset, ExplanationCodec.encode(Explanations.full("c-" + offset, "2026-11-28T12:00:00Z")));
  }

  private Long committed() {
    OffsetAndMetadata o = consumer.committed(Set.of(P0)).get(P0);
    return o == null ? null : o.offset();
  }

  /** c-0 and c-1 in one batch: the batch fails, c-0 alone fails again, c-1 alone goes in. */
  private void pollTwoOfWhichPostgresRefusesTheFirst() {
    failures.add(new SQLException("value out of range", "22003"));
    failures.add(new SQLException("value out of range", "22003"));
    sendExplanation(0);
    sendExplanation(1);
    loop.pollOnce();
  }

  @Test
  void aPollBatchIsWrittenInOneGoAndCommittedAfterwards() {
    sendExplanation(0);
    sendExplanation(1);
    sendExplanation(2);
    loop.pollOnce();
    assertEquals(List.of(List.of("c-0", "c-1", "c-2")), writes);
    assertEquals(3L, committed());
    assertEquals(3.0, registry.get("glassbox.store.explanations.written").counter().count());
    assertEquals(1, registry.get("glassbox.store.batch").timer().count());
  }

  @Test
  void byDefaultAnUndecodableRecordIsCountedAndSkippedWithoutStoppingTheBatch() {
    sendExplanation(0);
    send(1, "{not json".getBytes(StandardCharsets.UTF_8));
    send(2, "{\"call_id\": \"x\"}".getBytes(StandardCharsets.UTF_8));
    send(3, null);
    sendExplanation(4);
    loop.pollOnce();
    assertEquals(List.of(List.of("c-0", "c-4")), writes);
    assertEquals(5L, committed());
    assertEquals(3.0, registry.get("glassbox.store.decode.errors").counter().count());
  }

  @Test
  void whilePostgresIsDownNothingIsCommittedAndTheBatchIsReadAgainWithGrowingWaits() {
    for (int i = 0; i < 4; i++) failures.add(new SQLException("Connection refused", "08001"));
    send(0, "garbage".getBytes(StandardCharsets.UTF_8));
    sendExplanation(1);
    sendExplanation(2);
    for (int attempt = 0; attempt < 5; attempt++) {
      loop.pollOnce();
      if (attempt < 4) {
        assertNull(committed(), "attempt " + attempt);
        assertEquals(0, consumer.position(P0), "rewound to the batch start");
        // MockConsumer hands out each record once; a broker would return them again after the seek.
        send(0, "garbage".getBytes(StandardCharsets.UTF_8));
        sendExplanation(1);
        sendExplanation(2);
      }
    }
    assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(4)),
        sleeps);
    assertEquals(List.of(List.of("c-1", "c-2")), writes);
    assertEquals(3L, committed());
    assertEquals(1.0, registry.get("glassbox.store.decode.errors").counter().count(), "reported once, not per retry");
  }

  @Test
  void underTheDlqPolicyAnUndecodableRecordGoesToTheDlqWithItsReasonAndTheBatchIsStored() {
    loop = loop(dlq());
    sendExplanation(0);
    send(1, "{not json".getBytes(StandardCharsets.UTF_8));
    sendExplanation(2);
    loop.pollOnce();

    assertEquals(List.of(List.of("c-0", "c-2")), writes);
    assertEquals(3L, committed());
    ProducerRecord<String, byte[]> dead = dlqProducer.history().get(0);
    assertEquals(1, dlqProducer.history().size());
    assertEquals(Topics.EXPLANATIONS_DLQ, dead.topic());
    assertEquals("k1", dead.key());
    assertArrayEquals("{not json".getBytes(StandardCharsets.UTF_8), dead.value());
    assertTrue(header(dead, Topics.HEADER_REASON).startsWith("undecodable: "), header(dead, Topics.HEADER_REASON));
    assertEquals("invalid", header(dead, Topics.HEADER_KIND));
    assertEquals(TOPIC + "/0/1", header(dead, Topics.HEADER_ORIGIN));
  }

  @Test
  void underTheDlqPolicyARecordPostgresRefusesGoesToTheDlqAndTheRestIsStored() {
    loop = loop(dlq());
    pollTwoOfWhichPostgresRefusesTheFirst();

    assertEquals(List.of(List.of("c-1")), writes);
    assertEquals(2L, committed());
    assertEquals("k0", dlqProducer.history().get(0).key());
    assertEquals("PostgreSQL refused call c-0 (SQLSTATE 22003: value out of range)",
        header(dlqProducer.history().get(0), Topics.HEADER_REASON));
  }

  @Test
  void aRecordTheSameCallRuleRefusesGoesToTheDlqWithItsReasonIsCountedAndTheRestIsStored() {
    loop = loop(dlq());
    changed.add("c-1");
    sendExplanation(0);
    sendExplanation(1);
    sendExplanation(2);
    loop.pollOnce();

    assertEquals(List.of(List.of("c-0", "c-2")), writes);
    assertEquals(3L, committed());
    assertEquals(1, dlqProducer.history().size());
    assertEquals("k1", dlqProducer.history().get(0).key());
    assertEquals("c-1 changed", header(dlqProducer.history().get(0), Topics.HEADER_REASON));
    assertEquals(1.0, registry.get("glassbox.store.refused").tag("reason", "changed").counter().count());
    assertEquals(2.0, registry.get("glassbox.store.explanations.written").counter().count());
  }

  @Test
  void whenTheDlqDoesNotTakeARecordTheBatchIsReadAgainAndNothingIsCommitted() {
    loop = loop(dlq());
    dlqProducer.sendException = new TimeoutException("no broker");
    send(0, "{not json".getBytes(StandardCharsets.UTF_8));
    loop.pollOnce();

    assertNull(committed());
    assertEquals(0, consumer.position(P0), "rewound to the batch start");
    assertEquals(List.of(Duration.ofSeconds(1)), sleeps);
    assertEquals(0.0, registry.get("glassbox.store.decode.errors").counter().count(), "not handled yet");
  }

  @Test
  void underTheFailPolicyAnUndecodableRecordStopsTheLoopWithoutCommittingItsBatch() {
    loop = loop(new BadRecords(FailurePolicy.FAIL, "explanations", null, null));
    sendExplanation(0);
    send(1, "{not json".getBytes(StandardCharsets.UTF_8));
    BadRecordException e = assertThrows(BadRecordException.class, loop::pollOnce);

    assertTrue(e.getMessage().startsWith("bad record at " + TOPIC + "/0/1: undecodable: "), e.getMessage());
    assertTrue(e.getMessage().contains("glassbox.store.on-bad-record=fail"), e.getMessage());
    assertTrue(writes.isEmpty());
    assertNull(committed());
  }

  @Test
  void underTheFailPolicyTheRunningLoopEndsAndClosesItsConsumer() throws Exception {
    MockConsumer<String, byte[]> fresh = new MockConsumer<>("earliest");
    BatchLoop<ExplanationRows> running = new BatchLoop<>(fresh, TOPIC, StoredRecords.EXPLANATIONS, batch -> List.of(),
        metrics, new BadRecords(FailurePolicy.FAIL, "explanations", null, null), Duration.ofMillis(10),
        new Backoff(Duration.ofMillis(10), Duration.ofMillis(10)), null);
    fresh.schedulePollTask(() -> {
      fresh.rebalance(List.of(P0));
      fresh.updateBeginningOffsets(Map.of(P0, 0L));
      fresh.addRecord(new ConsumerRecord<>(TOPIC, 0, 0, "k0", "{not json".getBytes(StandardCharsets.UTF_8)));
    });
    Thread t = new Thread(running::run);
    t.start();
    t.join(10_000);
    assertTrue(!t.isAlive() && fresh.closed());
  }

  @Test
  void aRecordPostgresRefusesIsSkippedAndTheRestOfItsBatchIsStored() {
    pollTwoOfWhichPostgresRefusesTheFirst();
    assertEquals(List.of(List.of("c-1")), writes);
    assertEquals(2L, committed());
    assertEquals(1.0, registry.get("glassbox.store.rejected").counter().count());
    assertEquals(1.0, registry.get("glassbox.store.explanations.written").counter().count());
    assertTrue(sleeps.isEmpty());
  }

  @Test
  void backoffStartsAgainAfterASuccess() {
    failures.add(new SQLException("gone", "08006"));
    sendExplanation(0);
    loop.pollOnce();
    sendExplanation(0);
    loop.pollOnce();
    failures.add(new SQLException("gone", "08006"));
    sendExplanation(1);
    loop.pollOnce();
    assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(1)), sleeps);
  }

  @Test
  void stopEndsTheRunLoopAndClosesTheConsumer() throws Exception {
    MockConsumer<String, byte[]> fresh = new MockConsumer<>("earliest");
    BatchLoop<ExplanationRows> running = new BatchLoop<>(fresh, TOPIC, StoredRecords.EXPLANATIONS, batch -> List.of(),
        metrics, BadRecords.logAndContinue("explanations"), Duration.ofMillis(10),
        new Backoff(Duration.ofMillis(10), Duration.ofMillis(10)), null);
    Thread t = new Thread(running::run);
    t.start();
    Await.until("the loop subscribes", Duration.ofSeconds(10), () -> !fresh.subscription().isEmpty());
    running.stop();
    t.join(5000);
    assertTrue(!t.isAlive() && fresh.closed());
  }

  private static String header(ProducerRecord<String, byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
