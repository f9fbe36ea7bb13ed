package dev.glassbox.platform;

import dev.glassbox.core.testing.Await;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/** {@link Await} on a running platform: a probe fails at once when a service has died, a timeout shows the logs. */
final class PlatformAwait {

  private PlatformAwait() {}

  /** As {@link Await#until(String, Duration, Callable, Predicate)}, also failing as soon as a service is not alive. */
  static <T> T until(Platform platform, String what, Duration timeout, Callable<T> probe, Predicate<? super T> done) {
    try {
      return Await.until(what, timeout, () -> {
        for (ServiceProcess sp : platform.services()) {
          if (!sp.isAlive()) throw new ServiceDied(sp);
        }
        return probe.call();
      }, done);
    } catch (AssertionError e) {
      if (e instanceof ServiceDied) throw e;
      StringBuilder logs = new StringBuilder(e.getMessage()).append('\n');
      for (ServiceProcess sp : platform.services()) {
        logs.append(sp.name()).append(", ").append(sp.logFile()).append(":\n").append(sp.tail(15));
      }
      throw new AssertionError(logs.toString(), e);
    }
  }

  /** A service exited while the test waited on it. */
  private static final class ServiceDied extends AssertionError {
    ServiceDied(ServiceProcess sp) {
      super(sp.name() + " died; see " + sp.logFile() + ":\n" + sp.tail(30));
    }
  }
}
