package dev.glassbox.kafka;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/** The client settings Glassbox's delivery guarantees rest on, written once for every producer and consumer. */
public final class KafkaClients {

  /** Largest record a Glassbox producer sends; the topics need {@code max.message.bytes} to match (the launcher sets it). */
  public static final int MAX_RECORD_BYTES = 16 * 1024 * 1024;

  private KafkaClients() {}

  /**
   * A producer that loses and duplicates nothing it was told was written: every write acknowledged by all
   * in-sync replicas, idempotent, and bounded in time so that a caller learns of a lost broker instead of hanging.
   *
   * @param maxBlock how long {@code send} may wait for metadata or buffer space before it fails
   */
  public static Properties reliableProducer(String bootstrap, String clientId, Duration maxBlock) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(maxBlock.toMillis()));
    // A call within the limits may be over Kafka's default 1 MiB (16,384 log-prob tokens are ~1.3 MB); bodies are
    // at most 8 MiB, so one call always fits.
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(MAX_RECORD_BYTES));
    return p;
  }

  /**
   * A consumer that stores what it reads before acknowledging it: offsets committed by hand (after the caller's
   * database commit), only records of committed transactions, and a new group reading from the beginning.
   *
   * @param maxPollRecords most records per poll, and so per database transaction
   */
  public static Properties committedReader(String bootstrap, String groupId, int maxPollRecords) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, groupId);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // Only records of committed explainer (or drift) transactions are stored.
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    // A new group starts from the beginning: records written before the first start are stored too.
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
    // A restarted instance gets its partitions back in seconds rather than the default 45.
    p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6000);
    p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 2000);
    return p;
  }
}
