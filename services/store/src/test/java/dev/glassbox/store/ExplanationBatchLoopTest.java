package dev.glassbox.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.core.explanation.ExplanationCodec;
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
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExplanationBatchLoopTest {

  private static final String TOPIC = "llm.explanations.v1";
  private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);

  private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final StoreMetrics metrics = new StoreMetrics(registry);
  private final List<List<String>> writes = new ArrayList<>();
  private final List<Duration> sleeps = new ArrayList<>();
  /** Failures the fake database throws, one per write attempt, before it starts accepting. */
  private final List<SQLException> failures = new ArrayList<>();

  private ExplanationBatchLoop loop;

  @BeforeEach
  void assignOnePartition() {
    consumer.assign(List.of(P0));
    consumer.updateBeginningOffsets(Map.of(P0, 0L));
    ExplanationBatchLoop.BatchWriter writer = batch -> {
      if (!failures.isEmpty()) throw failures.remove(0);
      writes.add(batch.stream().map(r -> r.call().callId()).toList());
    };
    loop = new ExplanationBatchLoop(consumer, TOPIC, writer, metrics, Duration.ZERO,
        new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(4)), sleeps::add);
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
  void anUndecodableRecordIsCountedAndSkippedWithoutStoppingTheBatch() {
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
  void aRecordPostgresRefusesIsSkippedAndTheRestOfItsBatchIsStored() {
    failures.add(new SQLException("value out of range", "22003"));
    failures.add(new SQLException("value out of range", "22003"));
    sendExplanation(0);
    sendExplanation(1);
    loop.pollOnce();
    // The batch failed, c-0 alone failed again, c-1 alone went in.
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
    ExplanationBatchLoop running = new ExplanationBatchLoop(fresh, TOPIC, batch -> { }, metrics,
        Duration.ofMillis(10), new Backoff(Duration.ofMillis(10), Duration.ofMillis(10)));
    Thread t = new Thread(running::run);
    t.start();
    Thread.sleep(50);
    running.stop();
    t.join(5000);
    assertTrue(!t.isAlive() && fresh.closed());
  }
}
