package dev.glassbox.store;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Runs the drift report batch loop on its own thread, with the explanation consumer's settings and guarantees. */
@ApplicationScoped
public class DriftConsumer {

  private static final Logger LOG = Logger.getLogger(DriftConsumer.class);
  private static final Duration STOP_WAIT = Duration.ofSeconds(15);

  private final StoreConfig config;
  private final DriftRepository repository;
  private final MeterRegistry registry;
  private final String bootstrapServers;
  private BatchLoop<DriftRow> loop;
  private Thread thread;

  public DriftConsumer(StoreConfig config, DriftRepository repository, MeterRegistry registry,
      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
    this.config = config;
    this.repository = repository;
    this.registry = registry;
    this.bootstrapServers = bootstrapServers;
  }

  void start(@Observes StartupEvent event) {
    if (!config.consume()) return;
    KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
        ExplanationConsumer.consumerProperties(bootstrapServers, config.driftGroupId(), config.batchSize()),
        new StringDeserializer(), new ByteArrayDeserializer());
    loop = new BatchLoop<>(consumer, config.driftTopic(), DriftRow::of,
        r -> "drift report " + r.app() + "/" + r.model() + " " + r.windowStart() + ".." + r.windowEnd(), "drift reports",
        repository::write, StoreMetrics.forDrift(registry), config.pollTimeout(),
        new Backoff(config.retryInitialBackoff(), config.retryMaxBackoff()), null);
    thread = new Thread(loop::run, "glassbox-store-drift-consumer");
    thread.start();
  }

  void stop(@Observes ShutdownEvent event) {
    if (loop == null) return;
    loop.stop();
    try {
      thread.join(STOP_WAIT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) LOG.warnf("Drift report consumer still busy after %s; exiting anyway", STOP_WAIT);
  }
}
