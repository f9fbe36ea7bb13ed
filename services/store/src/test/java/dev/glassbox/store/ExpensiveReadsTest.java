package dev.glassbox.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.glassbox.store.ExpensiveReads.Kind;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExpensiveReadsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ExpensiveReads reads = new ExpensiveReads(1, Duration.ofMillis(50), Duration.ofMillis(1500), registry);
  private final ExecutorService pool = Executors.newSingleThreadExecutor();
  private final CountDownLatch running = new CountDownLatch(1);
  private final CountDownLatch finish = new CountDownLatch(1);

  @AfterEach
  void release() {
    finish.countDown();
    pool.shutdownNow();
  }

  /** Holds the only SIMILAR permit on another thread until the test ends. */
  private Future<String> holdSimilar() throws InterruptedException {
    Future<String> held = pool.submit(() -> reads.run(Kind.SIMILAR, () -> {
      running.countDown();
      awaitQuietly(finish);
      return "held";
    }));
    running.await(5, TimeUnit.SECONDS);
    return held;
  }

  @Test
  void aReadBeyondTheLimitIsRefusedWithARetryAfterAndCounted() throws Exception {
    holdSimilar();
    ExpensiveReads.Refused refused = assertThrows(ExpensiveReads.Refused.class,
        () -> reads.run(Kind.SIMILAR, () -> "second"));
    assertEquals(Kind.SIMILAR, refused.kind());
    assertEquals(2, refused.retryAfterSeconds(), "1.5 s rounds up to whole seconds");
    assertEquals(1.0, registry.get("glassbox.store.api.reads.refused").tag("kind", "similar").counter().count());
    assertEquals(0.0, registry.get("glassbox.store.api.reads.refused").tag("kind", "list").counter().count());
  }

  @Test
  void aFloodOfOneKindLeavesTheOtherKindsServed() throws Exception {
    holdSimilar();
    assertEquals("listed", reads.run(Kind.LIST, () -> "listed"));
    assertEquals("counted", reads.run(Kind.STATS, () -> "counted"));
  }

  @Test
  void aFinishedReadGivesItsPermitBackEvenWhenItFails() throws Exception {
    assertThrows(SQLException.class, () -> reads.run(Kind.STATS, () -> {
      throw new SQLException("down");
    }));
    assertEquals("again", reads.run(Kind.STATS, () -> "again"));
    Future<String> held = holdSimilar();
    finish.countDown();
    assertEquals("held", held.get(5, TimeUnit.SECONDS));
    assertEquals("after", reads.run(Kind.SIMILAR, () -> "after"));
  }

  @Test
  void aHeldExportPermitRefusesTheNextExportUntilItIsClosedOnceOrTwice() {
    ExpensiveReads.Permit first = reads.permit(Kind.EXPORT);
    assertEquals(Kind.EXPORT, assertThrows(ExpensiveReads.Refused.class, () -> reads.permit(Kind.EXPORT)).kind());
    first.close();
    first.close();
    try (ExpensiveReads.Permit second = reads.permit(Kind.EXPORT)) {
      assertThrows(ExpensiveReads.Refused.class, () -> reads.permit(Kind.EXPORT), "a second close released nothing");
    }
    assertEquals(2.0, registry.get("glassbox.store.api.reads.refused").tag("kind", "export").counter().count());
  }

  @Test
  void exportsHaveTheirOwnLimit() throws Exception {
    ExpensiveReads twoExports = new ExpensiveReads(1, 2, Duration.ofMillis(50), Duration.ofSeconds(1), registry);
    try (ExpensiveReads.Permit a = twoExports.permit(Kind.EXPORT); ExpensiveReads.Permit b = twoExports.permit(Kind.EXPORT)) {
      assertThrows(ExpensiveReads.Refused.class, () -> twoExports.permit(Kind.EXPORT));
      assertEquals("listed", twoExports.run(Kind.LIST, () -> "listed"));
    }
    assertThrows(IllegalArgumentException.class,
        () -> new ExpensiveReads(1, 0, Duration.ofMillis(50), Duration.ofSeconds(1), registry));
  }

  @Test
  void aLimitBelowOneIsAConfigurationError() {
    assertThrows(IllegalArgumentException.class,
        () -> new ExpensiveReads(0, Duration.ofMillis(50), Duration.ofSeconds(1), registry));
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
