package dev.glassbox.store;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Runs the explanation batch loop on its own thread from application start to shutdown. */
@ApplicationScoped
public class ExplanationConsumer {

  private static final Logger LOG = Logger.getLogger(ExplanationConsumer.class);
  private static final Duration STOP_WAIT = Duration.ofSeconds(15);

  private final StoreConfig config;
  private final ExplanationRepository repository;
  private final MeterRegistry registry;
  private final String bootstrapServers;
  private ExplanationBatchLoop loop;
  private Thread thread;

  public ExplanationConsumer(StoreConfig config, ExplanationRepository repository, MeterRegistry registry,
      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
    this.config = config;
    this.repository = repository;
    this.registry = registry;
    this.bootstrapServers = bootstrapServers;
  }

  void start(@Observes StartupEvent event) {
    if (!config.consume()) {
      LOG.info("Not consuming explanations (glassbox.store.consume=false); serving stored ones only");
      return;
    }
    KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(consumerProperties(bootstrapServers, config.groupId(), config.batchSize()),
            new StringDeserializer(), new ByteArrayDeserializer());
    loop = new ExplanationBatchLoop(consumer, config.topic(), repository::write, new StoreMetrics(registry),
        config.pollTimeout(), new Backoff(config.retryInitialBackoff(), config.retryMaxBackoff()));
    thread = new Thread(loop::run, "glassbox-store-consumer");
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
    if (thread.isAlive()) LOG.warnf("Explanation consumer still busy after %s; exiting anyway", STOP_WAIT);
  }

  /** The consumer settings the store's correctness relies on; shared with the integration test. */
  static Map<String, Object> consumerProperties(String bootstrapServers, String groupId, int batchSize) {
    Map<String, Object> p = new HashMap<>();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, groupId);
    // Offsets are committed by hand, after the database commit.
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // Only records of committed explainer transactions are stored.
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    // A new group starts from the beginning: explanations written before the first start are stored too.
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, batchSize);
    // A restarted instance gets its partitions back in seconds rather than the default 45.
    p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6000);
    p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 2000);
    return p;
  }
}
