package dev.glassbox.store;

import dev.glassbox.core.redact.DeadLetterPayload;
import dev.glassbox.kafka.BadRecordException;
import dev.glassbox.kafka.DeadLetters;
import dev.glassbox.kafka.FailurePolicy;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;

/** The store's failure policy for a record it cannot store: sent to a DLQ, logged and skipped, or the consumer stops. */
final class BadRecords implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(BadRecords.class);
  static final String POLICY_KEY = "glassbox.store.on-bad-record";

  private final FailurePolicy policy;
  private final String what;
  private final Producer<String, byte[]> dlq;
  private final String dlqTopic;
  private final DeadLetterPayload payload;

  /** Records sent to the DLQ keep their redacted text, nothing raw. */
  BadRecords(FailurePolicy policy, String what, Producer<String, byte[]> dlq, String dlqTopic) {
    this(policy, what, dlq, dlqTopic, DeadLetterPayload.DEFAULT);
  }

  /**
   * @param what the plural noun of the records, for log lines
   * @param dlq where {@link FailurePolicy#DLQ} sends records; {@code null} under the other policies
   * @param payload what a DLQ record keeps of the record's bytes
   */
  BadRecords(FailurePolicy policy, String what, Producer<String, byte[]> dlq, String dlqTopic,
      DeadLetterPayload payload) {
    if (policy == FailurePolicy.DLQ && dlq == null) throw new IllegalArgumentException("the dlq policy needs a producer");
    this.policy = policy;
    this.what = what;
    this.dlq = dlq;
    this.dlqTopic = dlqTopic;
    this.payload = payload;
  }

  /** Today's behaviour: log, count (the caller does) and skip. */
  static BadRecords logAndContinue(String what) {
    return new BadRecords(FailurePolicy.LOG_AND_CONTINUE, what, null, null);
  }

  /**
   * Applies the policy to one record. Returns once the record is skipped or acknowledged by the DLQ; throws
   * {@link BadRecordException} under {@code fail}, and {@link KafkaException} when the DLQ did not take it (the
   * caller reads the batch again).
   *
   * @param kind {@code invalid} or {@code error}, the DLQ's kind header
   */
  void handle(ConsumerRecord<String, byte[]> r, String kind, String reason) {
    String origin = DeadLetters.origin(r.topic(), r.partition(), r.offset());
    policy.apply(origin, reason, POLICY_KEY, () -> {
      Headers headers = DeadLetters.mark(new RecordHeaders(r.headers().toArray()), kind, reason, origin);
      send(new ProducerRecord<>(dlqTopic, null, r.key(), DeadLetters.keep(headers, r.value(), payload), headers));
      LOG.warnf("Sent a record of %s at %s (key %s) to %s: %s", what, origin, r.key(), dlqTopic, reason);
    }, () -> LOG.errorf("Skipping a record of %s at %s (key %s): %s", what, origin, r.key(), reason));
  }

  private void send(ProducerRecord<String, byte[]> record) {
    try {
      dlq.send(record).get();
    } catch (InterruptedException e) {
      throw new InterruptException(e);
    } catch (ExecutionException e) {
      throw new KafkaException("the DLQ " + dlqTopic + " did not take the record: " + e.getCause().getMessage(),
          e.getCause());
    }
  }

  @Override
  public void close() {
    if (dlq != null) dlq.close();
  }
}
