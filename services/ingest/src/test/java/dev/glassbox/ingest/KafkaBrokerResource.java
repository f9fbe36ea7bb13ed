package dev.glassbox.ingest;

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

/** A real single-node KRaft broker for the ingest tests, with {@code llm.calls.v1} created. */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

  static volatile String bootstrap;
  private KafkaClusterTestKit kafka;

  @Override
  public Map<String, String> start() {
    try {
      TestKitNodes nodes = new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1)
          .setBootstrapMetadataVersion(MetadataVersion.latestProduction()).build();
      KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
      Map.of("offsets.topic.replication.factor", "1", "offsets.topic.num.partitions", "1",
          "transaction.state.log.replication.factor", "1", "transaction.state.log.min.isr", "1",
          "group.initial.rebalance.delay.ms", "0").forEach(builder::setConfigProp);
      kafka = builder.build();
      kafka.format();
      kafka.startup();
      kafka.waitForReadyBrokers();
      try (Admin admin = Admin.create(kafka.clientProperties())) {
        admin.createTopics(List.of(new NewTopic(Topics.CALLS, 1, (short) 1))).all().get(60, TimeUnit.SECONDS);
      }
      bootstrap = kafka.bootstrapServers();
      return Map.of("kafka.bootstrap.servers", bootstrap);
    } catch (Exception e) {
      throw new IllegalStateException("could not start the test Kafka broker", e);
    }
  }

  @Override
  public void stop() {
    try {
      if (kafka != null) kafka.close();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
