package dev.glassbox.store;

import dev.glassbox.kafka.FailurePolicy;
import dev.glassbox.kafka.Topics;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings of the store service; the database and broker addresses are Quarkus' own keys. */
@ConfigMapping(prefix = "glassbox.store")
public interface StoreConfig {

  /** Whether to run the Kafka consumer at all (off in tests that need only the database and HTTP). */
  @WithDefault("true")
  boolean consume();

  /** Topic of explanation v1 records to store. */
  @WithDefault(Topics.EXPLANATIONS)
  String topic();

  /** Topic of drift reports to store. */
  @WithDefault(Topics.DRIFT)
  String driftTopic();

  /**
   * What happens to a record that cannot be stored (undecodable, or data PostgreSQL refuses):
   * {@code log-and-continue} (logged, counted, skipped), {@code dlq} (to the DLQ topic with reason headers) or
   * {@code fail} (the consumer stops before committing the batch that holds it). The default is {@code dlq} so
   * that a record accepted upstream is never lost to a log line only.
   */
  @WithDefault("dlq")
  FailurePolicy onBadRecord();

  /** DLQ of explanations the store cannot store, under the {@code dlq} policy (the launcher and compose create it). */
  @WithDefault(Topics.EXPLANATIONS_DLQ)
  String dlqTopic();

  /** DLQ of drift reports the store cannot store, under the {@code dlq} policy (the launcher and compose create it). */
  @WithDefault(Topics.DRIFT_DLQ)
  String driftDlqTopic();

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

  /** Who may call the REST API and open the pages. */
  Auth auth();

  /** How long rows are kept. */
  Retention retention();

  /** Limits on the REST API's expensive reads, so a flood of them is refused rather than starving the database. */
  Api api();

  /** Bearer-token access to the REST API and the HTML pages; {@code /q/health} and {@code /q/metrics} stay open. */
  interface Auth {

    /** Whether requests need a token; turning it off serves everything to anyone who can reach the port. */
    @WithDefault("true")
    boolean enabled();

    /**
     * Access keys, comma-separated, each {@code name:role:token}: role {@code reader} (every GET) or {@code admin}
     * (also deleting calls and running retention); tokens of at least 16 characters. Required when enabled.
     */
    Optional<List<String>> keys();

    /**
     * Whether reader and reviewer keys may name no tenant (and so read every tenant). Off by default: only admin keys
     * span tenants; a single-tenant test or demo may turn it on.
     */
    @WithDefault("false")
    boolean unboundReaders();

    /** How long the browser keeps the cookie a page opened with {@code ?access_token=} sets. */
    @WithDefault("8h")
    Duration cookieMaxAge();
  }

  /** Deletion of old rows, by the call's timestamp (drift reports: their window's end); 0 days keeps rows forever. */
  interface Retention {

    /** Whether the store runs the deletion job on a schedule ({@code POST /api/admin/retention} runs it regardless). */
    @WithDefault("true")
    boolean enabled();

    /** Wait between the end of one run and the start of the next. */
    @WithDefault("1h")
    Duration interval();

    /** Wait from start-up to the first run. */
    @WithDefault("1m")
    Duration initialDelay();

    /** Rows deleted per statement (one short transaction each), so a large backlog never holds long locks. */
    @WithDefault("1000")
    int batchSize();

    /** Days to keep calls; deleting a call deletes its explanation, sentences and tokens with it. */
    @WithDefault("90")
    int callsDays();

    /** Days to keep explanations (with their sentences and tokens). */
    @WithDefault("90")
    int explanationsDays();

    /** Days to keep per-sentence rows. */
    @WithDefault("90")
    int explanationSentencesDays();

    /** Days to keep per-token rows, the bulkiest table. */
    @WithDefault("30")
    int explanationTokensDays();

    /** Days to keep drift reports, by the end of their window. */
    @WithDefault("365")
    int driftReportsDays();

    /**
     * Days a deleted call's tombstone is kept after the delete (0: forever); while it lasts, a record with the same
     * tenant and id is refused rather than re-creating the call. The default matches {@code calls-days}.
     */
    @WithDefault("90")
    int tombstonesDays();
  }

  /** Concurrency limits on the reads that scan many rows ({@link ExpensiveReads.Kind}). */
  interface Api {

    /**
     * Expensive reads of one kind (similar calls, call lists, stats) running at once; sized for a 2-core host.
     * The API's own connection pool ({@code quarkus.datasource."api"}) must hold these for all kinds.
     */
    @WithDefault("4")
    int maxConcurrentExpensiveReads();

    /**
     * Exports ({@code GET /api/export}) streaming at once: each holds a database cursor and a connection of the API's
     * pool for as long as its client reads, so a further one is refused with 429 rather than queued.
     */
    @WithDefault("1")
    int maxConcurrentExports();

    /** How long a read waits for a free permit before it is refused with 429. */
    @WithDefault("200ms")
    Duration expensiveReadWait();

    /** The {@code Retry-After} of a refused read (whole seconds, at least 1). */
    @WithDefault("1s")
    Duration retryAfter();
  }
}
