package dev.glassbox.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** Bounds how many expensive API reads of each kind run at once; the rest are refused with 429, not queued. */
@Singleton
public class ExpensiveReads {

  /** The reads that scan many rows; each kind has its own permits so a flood of one leaves the others served. */
  public enum Kind {
    /** {@code GET /api/calls/{id}/similar} and the similar calls on a call's page: scans up to the candidates. */
    SIMILAR,
    /** {@code GET /api/calls}, {@code GET /api/drift} and the index page: up to the page limit of rows. */
    LIST,
    /** {@code GET /api/stats}: counts every explanation. */
    STATS,
    /** {@code GET /api/compare}: aggregates two versions' explanations and runs the MMD permutation tests. */
    COMPARE,
    /** {@code GET /api/export}: streams every matching call, for as long as the client reads. */
    EXPORT;

    String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A database read, run while its kind's permit is held. */
  @FunctionalInterface
  public interface Read<T> {
    T run() throws SQLException;
  }

  private final Map<Kind, Semaphore> permits = new EnumMap<>(Kind.class);
  private final Map<Kind, Counter> refused = new EnumMap<>(Kind.class);
  private final Duration wait;
  private final Duration retryAfter;

  @Inject
  public ExpensiveReads(StoreConfig config, MeterRegistry registry) {
    this(config.api().maxConcurrentExpensiveReads(), config.api().maxConcurrentExports(),
        config.api().expensiveReadWait(), config.api().retryAfter(), registry);
  }

  ExpensiveReads(int perKind, Duration wait, Duration retryAfter, MeterRegistry registry) {
    this(perKind, perKind, wait, retryAfter, registry);
  }

  ExpensiveReads(int perKind, int exports, Duration wait, Duration retryAfter, MeterRegistry registry) {
    if (perKind < 1) {
      throw new IllegalArgumentException("glassbox.store.api.max-concurrent-expensive-reads must be at least 1");
    }
    if (exports < 1) throw new IllegalArgumentException("glassbox.store.api.max-concurrent-exports must be at least 1");
    this.wait = wait;
    this.retryAfter = retryAfter;
    for (Kind kind : Kind.values()) {
      // Fair, so a waiting request is not overtaken by one that just arrived.
      permits.put(kind, new Semaphore(kind == Kind.EXPORT ? exports : perKind, true));
      refused.put(kind, Counter.builder("glassbox.store.api.reads.refused").tag("kind", kind.id())
          .description("Expensive API reads refused with 429 because as many of their kind were running")
          .register(registry));
    }
  }

  /**
   * Runs the read once a permit of its kind is free, waiting at most the configured wait; otherwise counts the
   * refusal and throws {@link Refused} (answered 429 with {@code Retry-After}).
   */
  public <T> T run(Kind kind, Read<T> read) throws SQLException {
    try (Permit permit = permit(kind)) {
      return read.run();
    }
  }

  /**
   * A permit of {@code kind} for a read that outlives the resource method (a streamed export): the caller closes it
   * when the read ends. Waits and refuses as {@link #run} does.
   */
  public Permit permit(Kind kind) {
    Semaphore semaphore = permits.get(kind);
    if (!acquire(semaphore)) {
      refused.get(kind).increment();
      throw new Refused(kind, retryAfter);
    }
    return new Permit(semaphore);
  }

  /** A held permit; closing it more than once releases it once. */
  public static final class Permit implements AutoCloseable {
    private final Semaphore semaphore;
    private final AtomicBoolean held = new AtomicBoolean(true);

    private Permit(Semaphore semaphore) {
      this.semaphore = semaphore;
    }

    @Override
    public void close() {
      if (held.getAndSet(false)) semaphore.release();
    }
  }

  private boolean acquire(Semaphore semaphore) {
    try {
      return semaphore.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** As many reads of this kind are running as allowed; the caller should retry after {@link #retryAfter}. */
  public static final class Refused extends RuntimeException {
    private final transient Kind kind;
    private final transient Duration retryAfter;

    Refused(Kind kind, Duration retryAfter) {
      super("too many " + kind.id() + " reads at once; try again shortly", null, false, false);
      this.kind = kind;
      this.retryAfter = retryAfter;
    }

    public Kind kind() {
      return kind;
    }

    /** Whole seconds, at least 1, as {@code Retry-After} carries them. */
    public long retryAfterSeconds() {
      return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
  }
}
