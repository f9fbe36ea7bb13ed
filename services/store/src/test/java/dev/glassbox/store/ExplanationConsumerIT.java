package dev.glassbox.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.core.explanation.ExplanationCodec;
import dev.glassbox.core.testing.Await;
import dev.glassbox.kafka.KafkaClients;
import dev.glassbox.kafka.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The consumer loop end to end: a real KRaft broker, a real PostgreSQL, and a database that goes away. */
class ExplanationConsumerIT {

  private static final String TOPIC = Topics.EXPLANATIONS;
  private static final String GROUP = "glassbox-store-it";
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private static KafkaClusterTestKit kafka;
  private static EmbeddedPostgres postgres;
  private static final SwitchableDataSource database = new SwitchableDataSource();

  @BeforeAll
  static void start() throws Exception {
    kafka = EmbeddedKafkaResource.startBroker(new NewTopic(TOPIC, 2, (short) 1));
    postgres = EmbeddedPostgres.builder().start();
    database.delegate = postgres.getPostgresDatabase();
    Flyway.configure().dataSource(database.delegate).load().migrate();
  }

  @AfterAll
  static void stop() throws Exception {
    if (postgres != null) postgres.close();
    if (kafka != null) kafka.close();
  }

  @Test
  void committedExplanationsAreStoredOnceAndNothingIsLostWhilePostgresIsDown() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
        KafkaClients.committedReader(kafka.bootstrapServers(), GROUP, 100),
        new StringDeserializer(), new ByteArrayDeserializer());
    BatchLoop<ExplanationRows> loop = new BatchLoop<>(consumer, TOPIC, StoredRecords.EXPLANATIONS,
        new ExplanationRepository(database)::write, new StoreMetrics(registry),
        BadRecords.logAndContinue("explanations"), Duration.ofMillis(200),
        new Backoff(Duration.ofMillis(100), Duration.ofMillis(400)), null);
    Thread thread = new Thread(loop::run, "store-loop-it");
    thread.start();
    try (KafkaProducer<String, byte[]> producer = transactionalProducer()) {
      producer.initTransactions();
      sendInTransaction(producer, true, "c-1", "c-2", "c-3", "c-1");
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(TOPIC, "junk", "{not an explanation".getBytes(StandardCharsets.UTF_8)));
      producer.commitTransaction();
      // read_committed: an aborted explanation must never reach the database.
      sendInTransaction(producer, false, "c-aborted");

      Await.until("the three committed calls are stored", PATIENCE, () -> count("explanations") == 3);
      Await.until("the junk is counted", PATIENCE,
          () -> registry.get("glassbox.store.decode.errors").counter().count() == 1);
      Await.until("offsets are committed after the database commit", PATIENCE, () -> committedTotal() > 0);
      assertEquals(0, count("explanations WHERE call_id = 'c-aborted'"));

      database.down.set(true);
      long committedBefore = committedTotal();
      sendInTransaction(producer, true, "c-4", "c-5");
      Await.until("the loop tries the new batch and retries it", PATIENCE, () -> database.refused.get() >= 2);
      assertEquals(3, count("explanations"));
      assertEquals(committedBefore, committedTotal(), "nothing is committed while PostgreSQL is down");

      database.down.set(false);
      Await.until("the batch is stored once PostgreSQL is back", PATIENCE, () -> count("explanations") == 5);
      Await.until("and only then committed", PATIENCE, () -> committedTotal() > committedBefore);
      assertEquals(5, count("calls"));
    } finally {
      loop.stop();
      thread.join(10_000);
    }
    assertTrue(!thread.isAlive());
  }

  private static KafkaProducer<String, byte[]> transactionalProducer() {
    Properties p = new Properties();
    p.putAll(kafka.clientProperties());
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "store-it");
    return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  private static void sendInTransaction(KafkaProducer<String, byte[]> producer, boolean commit, String... ids) {
    producer.beginTransaction();
    for (String id : ids) {
      producer.send(new ProducerRecord<>(TOPIC, id,
          ExplanationCodec.encode(Explanations.full(id, "2026-11-28T12:00:00Z"))));
    }
    if (commit) producer.commitTransaction();
    else producer.abortTransaction();
  }

  private static long committedTotal() throws Exception {
    try (Admin admin = Admin.create(kafka.clientProperties())) {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
      return offsets.values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
    }
  }

  private static long count(String from) throws SQLException {
    try (Connection c = database.delegate.getConnection(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT count(*) FROM " + from)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The real database, or "connection refused" while {@link #down} is set. */
  static final class SwitchableDataSource implements ConnectionSource {
    volatile DataSource delegate;
    final AtomicBoolean down = new AtomicBoolean();
    /** Connections refused so far: each is one write attempt made while the database was down. */
    final AtomicInteger refused = new AtomicInteger();

    @Override
    public Connection getConnection() throws SQLException {
      if (down.get()) {
        refused.incrementAndGet();
        throw new SQLException("Connection to localhost refused (test switch)", "08001");
      }
      return delegate.getConnection();
    }
  }
}
