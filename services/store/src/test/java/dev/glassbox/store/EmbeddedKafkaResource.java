package dev.glassbox.store;

import dev.glassbox.kafka.Topics;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

/** A real single-node KRaft broker in this JVM for {@code @QuarkusTest}s that run the store's consumers. */
public class EmbeddedKafkaResource implements QuarkusTestResourceLifecycleManager {

  private KafkaClusterTestKit kafka;

  @Override
  public Map<String, String> start() {
    try {
      kafka = startBroker(new NewTopic(Topics.EXPLANATIONS, 2, (short) 1), new NewTopic(Topics.DRIFT, 1, (short) 1));
      return Map.of("kafka.bootstrap.servers", kafka.bootstrapServers());
    } catch (Exception e) {
      throw new IllegalStateException("the in-test Kafka broker did not start", e);
    }
  }

  /** A started single-node broker (transactions allowed) with the given topics created. */
  static KafkaClusterTestKit startBroker(NewTopic... topics) throws Exception {
    TestKitNodes nodes = new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1)
        .setNumControllerNodes(1).setBootstrapMetadataVersion(MetadataVersion.latestProduction()).build();
    KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
    Map.of("offsets.topic.replication.factor", "1", "offsets.topic.num.partitions", "1",
        "transaction.state.log.replication.factor", "1", "transaction.state.log.min.isr", "1",
        "transaction.state.log.num.partitions", "1", "group.initial.rebalance.delay.ms", "0")
        .forEach(builder::setConfigProp);
    KafkaClusterTestKit kafka = builder.build();
    kafka.format();
    kafka.startup();
    kafka.waitForReadyBrokers();
    try (Admin admin = Admin.create(kafka.clientProperties())) {
      admin.createTopics(List.of(topics)).all().get(60, TimeUnit.SECONDS);
    }
    return kafka;
  }

  @Override
  public void stop() {
    try {
      if (kafka != null) kafka.close();
    } catch (Exception e) {
      throw new IllegalStateException("the in-test Kafka broker did not stop", e);
    }
  }
}
