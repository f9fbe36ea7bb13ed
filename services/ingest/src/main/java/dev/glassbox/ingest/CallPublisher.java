package dev.glassbox.ingest;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Publishes validated calls to Kafka with idempotent, fully acknowledged writes. */
@ApplicationScoped
public class CallPublisher {

  /** Largest record the producer sends. */
  static final int MAX_RECORD_BYTES = 16 * 1024 * 1024;

  private final KafkaProducer<String, byte[]> producer;

  CallPublisher(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "glassbox-ingest");
    // A request must not hang for minutes when the broker is gone: fail and let the client retry.
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    // A call within the limits may be over Kafka's default 1 MiB (16,384 log-prob tokens are ~1.3 MB); bodies are at
    // most 8 MiB, so one call always fits. The topics need max.message.bytes to match (the launcher sets 16 MiB).
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(MAX_RECORD_BYTES));
    producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  Future<RecordMetadata> send(String topic, String key, byte[] value) {
    return producer.send(new ProducerRecord<>(topic, key, value));
  }

  void close(@Observes ShutdownEvent event) {
    producer.close();
  }
}
