package dev.glassbox.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.glassbox.core.json.Json;
import dev.glassbox.kafka.BadRecordException;
import dev.glassbox.kafka.DeadLetters;
import io.micrometer.core.instrument.Timer;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Polls records of one topic, writes each poll batch in one database transaction, and commits the offsets only
 * after the database commit, so a record is never acknowledged before it is stored. A record that cannot be stored
 * (undecodable, or refused by PostgreSQL) goes to the failure policy.
 *
 * @param <R> the rows one record becomes
 */
class BatchLoop<R> {

  private static final Logger LOG = Logger.getLogger(BatchLoop.class);

  /** Where a batch goes; a repository in production. Returns the records it refused to store, with reasons. */
  @FunctionalInterface
  interface Writer<R> {
    List<SameCallRule.Refusal> write(List<R> batch) throws SQLException;
  }

  /** Waits between retries; returns early when the loop is stopping. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(Duration wait) throws InterruptedException;
  }

  /** A decoded record and the record itself, for the failure policy should PostgreSQL refuse it. */
  private record Pending<R>(R rows, ConsumerRecord<String, byte[]> record) {}

  private final Consumer<String, byte[]> consumer;
  private final String topic;
  private final StoredRecords<R> type;
  private final Writer<R> writer;
  private final StoreMetrics metrics;
  private final BadRecords badRecords;
  private final Duration pollTimeout;
  private final Backoff backoff;
  private final Sleeper sleeper;
  private final CountDownLatch stopping = new CountDownLatch(1);
  /** Highest offset per partition whose undecodable record the policy has handled: a replayed batch skips it. */
  private final Map<TopicPartition, Long> reportedUpTo = new HashMap<>();

  /**
   * @param type how a record becomes rows and how log lines name it
   * @param badRecords the failure policy; closed with the consumer
   * @param sleeper waits between retries; {@code null} for a wait that {@link #stop()} cuts short
   */
  BatchLoop(Consumer<String, byte[]> consumer, String topic, StoredRecords<R> type, Writer<R> writer,
      StoreMetrics metrics, BadRecords badRecords, Duration pollTimeout, Backoff backoff, Sleeper sleeper) {
    this.consumer = consumer;
    this.topic = topic;
    this.type = type;
    this.writer = writer;
    this.metrics = metrics;
    this.badRecords = badRecords;
    this.pollTimeout = pollTimeout;
    this.backoff = backoff;
    this.sleeper = sleeper != null ? sleeper : wait -> stopping.await(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Subscribes and stores until {@link #stop()}; closes the consumer on the way out. */
  void run() {
    try {
      consumer.subscribe(List.of(topic));
      LOG.infof("Storing %s from %s", type.what(), topic);
      while (!isStopping()) {
        try {
          pollOnce();
        } catch (BadRecordException e) {
          // Nothing of the batch holding the record is committed: a restart reads it again.
          LOG.error("Consumer of " + type.what() + " stopped: " + e.getMessage());
          stopping.countDown();
        } catch (WakeupException | InterruptException e) {
          if (!isStopping()) LOG.warn("Consumer woken up without a stop request; polling again");
        } catch (KafkaException e) {
          Duration wait = backoff.next();
          LOG.errorf("Polling %s failed (%s), retrying in %s", topic, e.getMessage(), human(wait));
          sleepQuietly(wait);
        }
      }
    } finally {
      try {
        consumer.close(Duration.ofSeconds(5));
      } catch (RuntimeException e) {
        LOG.warn("Closing the Kafka consumer failed; the group will reassign its partitions after the session timeout",
            e);
      }
      badRecords.close();
      LOG.infof("Consumer of %s stopped", type.what());
    }
  }

  /** Asks {@link #run()} to return after the current batch; safe from any thread. */
  void stop() {
    stopping.countDown();
    consumer.wakeup();
  }

  private boolean isStopping() {
    return stopping.getCount() == 0;
  }

  /**
   * One poll, decode, write and commit; on a database failure (or a DLQ that did not answer), rewinds to the batch
   * start and backs off. Under the fail policy a bad record ends the loop with {@link BadRecordException}.
   */
  void pollOnce() {
    ConsumerRecords<String, byte[]> records = consumer.poll(pollTimeout);
    if (records.isEmpty()) return;
    Timer.Sample sample = Timer.start();
    int stored;
    try {
      stored = store(decode(records));
    } catch (BadRecordException e) {
      throw e;
    } catch (SQLException | RuntimeException e) {
      Duration wait = backoff.next();
      logRetry(e, records.count(), wait);
      rewind(records);
      sleepQuietly(wait);
      return;
    }
    metrics.written.increment(stored);
    backoff.reset();
    commit(records);
    sample.stop(metrics.batch);
  }

  private void logRetry(Exception e, int batch, Duration wait) {
    if (e instanceof SQLException sql && SqlErrors.isUnavailable(sql)) {
      LOG.warnf("PostgreSQL unavailable, retrying in %s; offsets not committed (%s)", human(wait),
          SqlErrors.describe(sql));
    } else if (e instanceof SQLException sql) {
      LOG.warnf("Writing %d %s failed, retrying in %s; offsets not committed (%s)", batch, type.what(),
          human(wait), SqlErrors.describe(sql));
    } else if (e instanceof KafkaException) {
      LOG.warnf("Handling a bad record of %s failed (%s), retrying in %s; offsets not committed", type.what(),
          e.getMessage(), human(wait));
    } else {
      LOG.errorf(e, "Writing %d %s failed unexpectedly, retrying in %s; offsets not committed", batch, type.what(),
          human(wait));
    }
  }

  /** The batch's storable records; each other one goes to the failure policy once, however often it is read. */
  private List<Pending<R>> decode(ConsumerRecords<String, byte[]> records) {
    List<Pending<R>> out = new ArrayList<>(records.count());
    for (ConsumerRecord<String, byte[]> r : records) {
      try {
        if (r.value() == null) throw new IllegalArgumentException("the record has no value");
        out.add(new Pending<>(type.decoder().apply(r.value()), r));
      } catch (RuntimeException e) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        Long reported = reportedUpTo.get(tp);
        if (reported == null || r.offset() > reported) {
          badRecords.handle(r, DeadLetters.INVALID, "undecodable: " + firstLine(e));
          reportedUpTo.put(tp, r.offset());
          metrics.decodeErrors.increment();
        }
      }
    }
    return out;
  }

  /** Writes the batch; returns how many records were stored. */
  private int store(List<Pending<R>> batch) throws SQLException {
    if (batch.isEmpty()) return 0;
    try {
      return batch.size() - refuse(batch, writer.write(batch.stream().map(Pending::rows).toList()));
    } catch (SQLException e) {
      if (!SqlErrors.isRecordSpecific(e)) throw e;
      // PostgreSQL refused a value; it would refuse it on every retry. Find the culprit by writing one at a time,
      // so the rest of the batch is stored and the partition keeps moving.
      int stored = 0;
      for (Pending<R> p : batch) {
        try {
          stored += 1 - refuse(List.of(p), writer.write(List.of(p.rows())));
        } catch (SQLException one) {
          if (!SqlErrors.isRecordSpecific(one)) throw one;
          badRecords.handle(p.record(), DeadLetters.INVALID, "PostgreSQL refused " + type.describe().apply(p.rows())
              + " (" + SqlErrors.describe(one) + ")");
          metrics.rejected.increment();
        }
      }
      return stored;
    }
  }

  /**
   * Hands each record the writer refused (a committed decision: the rest of its batch is stored) to the failure
   * policy with the reason, and counts it by kind; returns how many there were.
   */
  private int refuse(List<Pending<R>> batch, List<SameCallRule.Refusal> refused) {
    for (SameCallRule.Refusal r : refused) {
      badRecords.handle(batch.get(r.index()).record(), DeadLetters.INVALID, r.reason());
      metrics.refused(r.kind());
    }
    return refused.size();
  }

  private void commit(ConsumerRecords<String, byte[]> records) {
    Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
    for (TopicPartition tp : records.partitions()) {
      List<ConsumerRecord<String, byte[]>> rs = records.records(tp);
      next.put(tp, new OffsetAndMetadata(rs.get(rs.size() - 1).offset() + 1));
    }
    try {
      consumer.commitSync(next);
    } catch (WakeupException | InterruptException e) {
      throw e;
    } catch (KafkaException e) {
      // The rows are stored; whoever owns these partitions next reads the records again and upserts them to the
      // same rows, so nothing is lost or duplicated.
      LOG.warnf("Offsets not committed (%s); the stored records will be read again and upserted idempotently",
          e.getMessage());
    }
  }

  /** Seeks every partition of the batch back to its first record, so the next poll returns the batch again. */
  private void rewind(ConsumerRecords<String, byte[]> records) {
    Set<TopicPartition> assigned = consumer.assignment();
    for (TopicPartition tp : records.partitions()) {
      // A partition revoked meanwhile is re-read from the last committed offset by its new owner.
      if (assigned.contains(tp)) consumer.seek(tp, records.records(tp).get(0).offset());
    }
  }

  private void sleepQuietly(Duration wait) {
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop();
    }
  }

  private static String firstLine(Throwable e) {
    // Jackson's own message quotes the input, which may hold user data.
    if (e.getCause() instanceof JsonProcessingException json) return Json.shortMessage(json);
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    m = m.lines().findFirst().orElse("");
    return m.length() > 200 ? m.substring(0, 200) + "..." : m;
  }

  static String human(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}
