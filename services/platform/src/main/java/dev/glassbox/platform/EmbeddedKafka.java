package dev.glassbox.platform;

import dev.glassbox.kafka.KafkaClients;
import dev.glassbox.kafka.Topics;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * One combined KRaft broker+controller in this JVM, listening for clients on one port, with
 * Glassbox's topics created. Its data is scratch: the folder is wiped at every start.
 */
public final class EmbeddedKafka implements AutoCloseable {

  /** Partitions per Glassbox topic: the most consumer instances per group that do work. */
  public static final int PARTITIONS = 4;

  /** The listener clients use; the test kit's own listener is bound to a random port, which clients cannot be told. */
  private static final String CLIENT_LISTENER = "CLIENT";

  private final KafkaClusterTestKit cluster;
  private final int port;

  private EmbeddedKafka(KafkaClusterTestKit cluster, int port) {
    this.cluster = cluster;
    this.port = port;
  }

  /**
   * Starts the broker on {@code localhost:port} ({@link Ports#ANY}: a free port) with logs under {@code dir} and
   * creates {@link Topics#ALL}.
   */
  public static EmbeddedKafka start(int port, Path dir) throws Exception {
    return start(port, dir, List.of());
  }

  /** As {@link #start(int, Path)}, also creating {@code extraTopics} (e.g. a topic of raw OpenAI records). */
  public static EmbeddedKafka start(int port, Path dir, List<String> extraTopics) throws Exception {
    return start(port, dir, extraTopics, Ports::freePort);
  }

  /**
   * As {@link #start(int, Path, List)}, taking the ports to try for {@link Ports#ANY} from {@code candidates}. The
   * client port is chosen before the start rather than bound as port 0, because a restarted broker must come back
   * on the port its clients know.
   */
  static EmbeddedKafka start(int port, Path dir, List<String> extraTopics, IntSupplier candidates) throws Exception {
    return Ports.start(port, candidates, p -> startOn(p, dir, extraTopics));
  }

  private static EmbeddedKafka startOn(int port, Path dir, List<String> extraTopics) throws Exception {
    deleteRecursively(dir);
    Files.createDirectories(dir);
    TestKitNodes nodes = new TestKitNodes.Builder()
        .setCombined(true)
        .setNumBrokerNodes(1)
        .setNumControllerNodes(1)
        .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
        .setBaseDirectory(dir)
        .build();
    String brokerListener = nodes.brokerListenerName().value();
    String controllerListener = nodes.controllerListenerName().value();
    KafkaClusterTestKit.Builder b = new KafkaClusterTestKit.Builder(nodes)
        .setConfigProp("listeners", brokerListener + "://localhost:0," + controllerListener + "://localhost:0,"
            + CLIENT_LISTENER + "://localhost:" + port)
        .setConfigProp("listener.security.protocol.map", brokerListener + ":PLAINTEXT," + controllerListener
            + ":PLAINTEXT," + CLIENT_LISTENER + ":PLAINTEXT");
    brokerSettings().forEach(b::setConfigProp);
    KafkaClusterTestKit cluster = b.build();
    try {
      formatQuietly(cluster);
      cluster.startup();
      cluster.waitForReadyBrokers();
    } catch (Exception e) {
      closeQuietly(cluster);
      throw new IllegalStateException("Kafka did not start on port " + port + " (is it in use?): " + e.getMessage(), e);
    }
    EmbeddedKafka kafka = new EmbeddedKafka(cluster, port);
    try {
      kafka.createTopics(extraTopics);
    } catch (Exception e) {
      kafka.close();
      throw e;
    }
    return kafka;
  }

  /** Formats the log folders without Kafka's formatter writing a line to the launcher's console. */
  private static void formatQuietly(KafkaClusterTestKit cluster) throws Exception {
    PrintStream console = System.out;
    synchronized (System.class) {
      System.setOut(new PrintStream(OutputStream.nullOutputStream()));
      try {
        cluster.format();
      } finally {
        System.setOut(console);
      }
    }
  }

  /** Single-node settings: every replication factor 1, few internal partitions, no rebalance delay. */
  static Map<String, Object> brokerSettings() {
    return Map.ofEntries(
        Map.entry("offsets.topic.replication.factor", "1"),
        Map.entry("offsets.topic.num.partitions", "1"),
        Map.entry("transaction.state.log.replication.factor", "1"),
        Map.entry("transaction.state.log.min.isr", "1"),
        Map.entry("transaction.state.log.num.partitions", "1"),
        Map.entry("share.coordinator.state.topic.replication.factor", "1"),
        Map.entry("share.coordinator.state.topic.min.isr", "1"),
        Map.entry("share.coordinator.state.topic.num.partitions", "1"),
        Map.entry("default.replication.factor", "1"),
        Map.entry("min.insync.replicas", "1"),
        Map.entry("num.partitions", Integer.toString(PARTITIONS)),
        Map.entry("group.initial.rebalance.delay.ms", "0"),
        // Calls may be large (ingest accepts 8 MB bodies); the broker default is 1 MB.
        Map.entry("message.max.bytes", Integer.toString(KafkaClients.MAX_RECORD_BYTES)),
        Map.entry("unstable.api.versions.enable", "false"));
  }

  /** Per-topic configuration: the DLQ is kept longer so that someone can look at it. */
  static Map<String, String> topicConfig(String topic) {
    long day = TimeUnit.DAYS.toMillis(1);
    return Map.of(
        "retention.ms", Long.toString(Topics.DLQS.contains(topic) ? 30 * day : 7 * day),
        "max.message.bytes", Integer.toString(KafkaClients.MAX_RECORD_BYTES));
  }

  private void createTopics(List<String> extraTopics) throws Exception {
    try (Admin admin = Admin.create(clientProperties())) {
      List<NewTopic> topics = java.util.stream.Stream.concat(Topics.ALL.stream(), extraTopics.stream()).distinct()
          .map(t -> new NewTopic(t, PARTITIONS, (short) 1).configs(topicConfig(t)))
          .toList();
      admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
    }
  }

  /** {@code localhost:<port>}, for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return "localhost:" + port;
  }

  public int port() {
    return port;
  }

  /** Client properties with only {@code bootstrap.servers} set. */
  public Properties clientProperties() {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    return p;
  }

  /**
   * Stops the broker (its client socket closes; logs and committed state stay on disk) and starts it again on the
   * same port, as a broker restart in production would: for fault-injection tests. The controller keeps running;
   * the restarted broker registers again once its old session expires.
   *
   * @return the seconds the client port was closed
   */
  public double restartBroker() throws Exception {
    var broker = cluster.brokers().values().iterator().next();
    long t0 = System.nanoTime();
    broker.shutdown();
    broker.awaitShutdown();
    broker.startup();
    cluster.waitForReadyBrokers();
    return (System.nanoTime() - t0) / 1e9;
  }

  @Override
  public void close() {
    closeQuietly(cluster);
  }

  private static void closeQuietly(KafkaClusterTestKit cluster) {
    try {
      cluster.close();
    } catch (Exception e) {
      System.err.println("Kafka did not stop cleanly: " + e);
    }
  }

  static void deleteRecursively(Path dir) throws java.io.IOException {
    if (!Files.exists(dir)) return;
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }
}
