package dev.glassbox.ingest;

import dev.glassbox.kafka.KafkaClients;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
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

  private final KafkaProducer<String, byte[]> producer;

  CallPublisher(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
    Properties p = KafkaClients.reliableProducer(bootstrap, "glassbox-ingest", Duration.ofSeconds(10));
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    // A request must not hang for minutes when the broker is gone: fail and let the client retry.
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  Future<RecordMetadata> send(String topic, String key, byte[] value) {
    return producer.send(new ProducerRecord<>(topic, key, value));
  }

  void close(@Observes ShutdownEvent event) {
    producer.close();
  }
}
