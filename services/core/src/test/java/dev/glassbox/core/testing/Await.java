package dev.glassbox.core.testing;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/** The one way tests wait: poll a condition until it holds or a deadline passes, then fail saying what was awaited. */
public final class Await {

  private static final Duration PAUSE = Duration.ofMillis(100);

  private Await() {}

  /** Polls {@code probe} until {@code done} accepts its value; returns that value, or fails with the last one seen. */
  public static <T> T until(String what, Duration timeout, Callable<T> probe, Predicate<? super T> done) {
    long deadline = System.nanoTime() + timeout.toNanos();
    T last = null;
    Exception lastError = null;
    while (true) {
      try {
        last = probe.call();
        lastError = null;
        if (done.test(last)) return last;
      } catch (Exception e) {
        lastError = e;
      }
      if (System.nanoTime() > deadline) {
        AssertionError failure = new AssertionError("timed out after " + timeout + " waiting for " + what
            + (lastError != null ? "; last attempt failed: " + lastError : "; last value: " + last));
        if (lastError != null) failure.initCause(lastError);
        throw failure;
      }
      pause();
    }
  }

  /** Polls {@code condition} until it is true; fails after {@code timeout}. */
  public static void until(String what, Duration timeout, Callable<Boolean> condition) {
    until(what, timeout, condition, Boolean.TRUE::equals);
  }

  private static void pause() {
    try {
      Thread.sleep(PAUSE.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting", e);
    }
  }
}
