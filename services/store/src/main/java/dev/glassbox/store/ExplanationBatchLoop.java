package dev.glassbox.store;

import dev.glassbox.core.explanation.ExplanationCodec;
import java.time.Duration;
import org.apache.kafka.clients.consumer.Consumer;

/** The batch loop for explanation records: each becomes the rows of one call. */
final class ExplanationBatchLoop extends BatchLoop<ExplanationRows> {

  /** Where a batch of explanation rows goes; the repository in production. */
  @FunctionalInterface
  interface BatchWriter extends Writer<ExplanationRows> {}

  ExplanationBatchLoop(Consumer<String, byte[]> consumer, String topic, BatchWriter writer, StoreMetrics metrics,
      Duration pollTimeout, Backoff backoff) {
    this(consumer, topic, writer, metrics, pollTimeout, backoff, null);
  }

  ExplanationBatchLoop(Consumer<String, byte[]> consumer, String topic, BatchWriter writer, StoreMetrics metrics,
      Duration pollTimeout, Backoff backoff, Sleeper sleeper) {
    super(consumer, topic, bytes -> ExplanationRows.of(ExplanationCodec.decode(bytes)), rows -> "call " + rows.call().callId(),
        "explanations", writer, metrics, pollTimeout, backoff, sleeper);
  }
}
