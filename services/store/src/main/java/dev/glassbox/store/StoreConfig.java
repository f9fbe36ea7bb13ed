package dev.glassbox.store;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the store service; the database and broker addresses are Quarkus' own keys. */
@ConfigMapping(prefix = "glassbox.store")
public interface StoreConfig {

  /** Whether to run the Kafka consumer at all (off in tests that need only the database and HTTP). */
  @WithDefault("true")
  boolean consume();

  /** Topic of explanation v1 records to store. */
  @WithDefault("llm.explanations.v1")
  String topic();

  /** Topic of drift reports to store. */
  @WithDefault("llm.drift.v1")
  String driftTopic();

  /** Consumer group of the drift report consumer. */
  @WithDefault("glassbox-store-drift")
  String driftGroupId();

  /** Consumer group; every store instance in the group takes a share of the partitions. */
  @WithDefault("glassbox-store")
  String groupId();

  /** Most records per poll, and so per database transaction. */
  @WithDefault("500")
  int batchSize();

  /** How long one poll waits for records before the loop checks for shutdown. */
  @WithDefault("1s")
  Duration pollTimeout();

  /** First wait after a failed database write; it doubles on each further failure. */
  @WithDefault("1s")
  Duration retryInitialBackoff();

  /** Longest wait between database write attempts. */
  @WithDefault("30s")
  Duration retryMaxBackoff();

  /** Rows {@code GET /api/calls} returns when no {@code limit} is given. */
  @WithDefault("50")
  int pageLimitDefault();

  /** Largest {@code limit} {@code GET /api/calls} accepts. */
  @WithDefault("1000")
  int pageLimitMax();

  /** Calls listed on the HTML index page, newest first. */
  @WithDefault("50")
  int indexSize();

  /** Least grounded calls listed by {@code GET /api/stats}. */
  @WithDefault("5")
  int statsLeastGrounded();

  /** Latest earlier calls of the same tenant and app searched for the ones most like a call. */
  @WithDefault("1000")
  int similarCandidates();

  /** Similar earlier calls shown on the explanation page and returned by default. */
  @WithDefault("5")
  int similarShown();
}
