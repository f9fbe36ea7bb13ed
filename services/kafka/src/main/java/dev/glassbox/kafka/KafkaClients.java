package dev.glassbox.kafka;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;

/** The client settings Glassbox's delivery guarantees rest on, written once for every producer. */
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
}
