package dev.glassbox.store;

import dev.glassbox.core.redact.DeadLetterPayload;
import dev.glassbox.kafka.FailurePolicy;
import dev.glassbox.kafka.KafkaClients;
import dev.glassbox.kafka.Topic;
import dev.glassbox.kafka.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Runs the store's two consumers, explanations and drift reports, each on its own thread from start to shutdown. */
@ApplicationScoped
public class StoreConsumers {

  private static final Logger LOG = Logger.getLogger(StoreConsumers.class);
  /** How long a DLQ write may wait for the broker before the batch is retried. */
  private static final Duration DLQ_MAX_BLOCK = Duration.ofSeconds(30);

  private final StoreConfig config;
  private final ExplanationRepository explanations;
  private final DriftRepository drift;
  private final MeterRegistry registry;
  private final String bootstrapServers;
  private final DeadLetterPayload dlqPayload;
  private final List<ConsumerThread> running = new ArrayList<>();

  public StoreConsumers(StoreConfig config, ExplanationRepository explanations, DriftRepository drift,
      MeterRegistry registry, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
      @ConfigProperty(name = "glassbox.dlq.payload", defaultValue = "redact") String dlqPayload,
      @ConfigProperty(name = "glassbox.dlq.key") Optional<String> dlqKey) {
    this.config = config;
    this.explanations = explanations;
    this.drift = drift;
    this.registry = registry;
    this.bootstrapServers = bootstrapServers;
    // Parsed here, so a bad mode or key stops the store at start rather than at its first bad record.
    this.dlqPayload = DeadLetterPayload.parse(dlqPayload, dlqKey.orElse(null));
  }

  void start(@Observes StartupEvent event) {
    if (!config.consume()) {
      LOG.info("Not consuming explanations (glassbox.store.consume=false); serving stored ones only");
      return;
    }
    start("glassbox-store-consumer", config.groupId(), Topics.EXPLANATION_RECORDS, config.topic(),
        badRecords(config.groupId(), Topics.EXPLANATIONS_DLQ_RECORDS, config.dlqTopic(), StoredRecords.EXPLANATIONS),
        StoredRecords.EXPLANATIONS, explanations::write, new StoreMetrics(registry));
    start("glassbox-store-drift-consumer", config.driftGroupId(), Topics.DRIFT_RECORDS, config.driftTopic(),
        badRecords(config.driftGroupId(), Topics.DRIFT_DLQ_RECORDS, config.driftDlqTopic(), StoredRecords.DRIFT_REPORTS),
        StoredRecords.DRIFT_REPORTS, batch -> {
          drift.write(batch);
          return List.of();
        }, StoreMetrics.forDrift(registry));
  }

  /** @param name the topic's configured name; {@code topic} gives its serdes */
  private <R> void start(String thread, String groupId, Topic<String, byte[]> topic, String name,
      BadRecords badRecords, StoredRecords<R> type, BatchLoop.Writer<R> writer, StoreMetrics metrics) {
    KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
        KafkaClients.committedReader(bootstrapServers, groupId, config.batchSize()), topic.keyDeserializer(),
        topic.valueDeserializer());
    BatchLoop<R> loop = new BatchLoop<>(consumer, name, type, writer, metrics, badRecords, config.pollTimeout(),
        new Backoff(config.retryInitialBackoff(), config.retryMaxBackoff()), null);
    ConsumerThread consumerThread = new ConsumerThread(thread, loop);
    consumerThread.start();
    running.add(consumerThread);
  }

  /** The configured policy; under {@code dlq}, with a producer of its own (the loop closes it). */
  private BadRecords badRecords(String groupId, Topic<String, byte[]> dlq, String name, StoredRecords<?> type) {
    if (config.onBadRecord() != FailurePolicy.DLQ) return new BadRecords(config.onBadRecord(), type.what(), null, null);
    return new BadRecords(FailurePolicy.DLQ, type.what(), new KafkaProducer<>(
        KafkaClients.reliableProducer(bootstrapServers, groupId + "-dlq", DLQ_MAX_BLOCK), dlq.keySerializer(),
        dlq.valueSerializer()), name, dlqPayload);
  }

  void stop(@Observes ShutdownEvent event) {
    running.forEach(ConsumerThread::stop);
  }
}
