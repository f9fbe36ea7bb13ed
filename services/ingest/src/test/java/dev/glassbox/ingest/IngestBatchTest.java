package dev.glassbox.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.Test;

class IngestBatchTest {

  @Test
  void aCallKafkaDidNotAcknowledgeIsRetryable() {
    IngestBatch.Rejection r = IngestBatch.notStored(3, "c-1", new TimeoutException("no answer"));
    assertTrue(r.retryable());
    assertEquals(3, r.index());
    assertEquals("c-1", r.id());
    assertTrue(r.errors().get(0).reason().startsWith("not stored: Kafka did not acknowledge"), r.toString());
  }

  @Test
  void aCallLargerThanKafkaAcceptsIsNotRetryable() {
    IngestBatch.Rejection r = IngestBatch.notStored(0, "c-2",
        new ExecutionException(new RecordTooLargeException("too large")));
    assertFalse(r.retryable());
    assertTrue(r.errors().get(0).reason().contains("larger than Kafka accepts"), r.toString());
  }
}
