package dev.glassbox.store;

import java.time.Duration;
import org.jboss.logging.Logger;

/** One batch loop on a thread of its own, stopped by letting it finish the batch in hand. */
final class ConsumerThread {

  private static final Logger LOG = Logger.getLogger(ConsumerThread.class);
  private static final Duration STOP_WAIT = Duration.ofSeconds(15);

  private final BatchLoop<?> loop;
  private final Thread thread;

  ConsumerThread(String name, BatchLoop<?> loop) {
    this.loop = loop;
    this.thread = new Thread(loop::run, name);
  }

  void start() {
    thread.start();
  }

  /** Asks the loop to stop and waits up to 15 s for it; a batch still being written then finishes on its own. */
  void stop() {
    loop.stop();
    try {
      thread.join(STOP_WAIT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) LOG.warnf("%s still busy after %s; exiting anyway", thread.getName(), STOP_WAIT);
  }
}
