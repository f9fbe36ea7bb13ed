package dev.glassbox.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Random;
import java.util.function.IntSupplier;

/**
 * Ports of the servers the platform starts: {@link #ANY} asks for whichever port is free, without depending on a
 * port chosen beforehand staying free until the server binds it.
 */
public final class Ports {

  /** Any free port: a service binds port 0 and reports the port it got; Kafka and PostgreSQL retry on a taken one. */
  public static final int ANY = 0;

  /** Starts tried before giving up on free ports that another process keeps taking first. */
  static final int ATTEMPTS = 5;

  private static final int FIRST_CHOSEN = 20_000;
  private static final int LAST_CHOSEN = 32_000;
  private static final Random RANDOM = new Random();

  private Ports() {}

  /** Starts a server on the given port. */
  @FunctionalInterface
  interface Starter<T> {
    T start(int port) throws Exception;
  }

  /**
   * Starts on {@code port}; for {@link #ANY}, on a port from {@code candidates}, taking the next one when the chosen
   * port was taken before the server could bind it (on a busy machine another process's connection can take it).
   */
  static <T> T start(int port, IntSupplier candidates, Starter<T> starter) throws Exception {
    if (port != ANY) return starter.start(port);
    for (int attempt = 1; ; attempt++) {
      int candidate = candidates.getAsInt();
      try {
        return starter.start(candidate);
      } catch (Exception e) {
        if (attempt >= ATTEMPTS || !(isBindFailure(e) || !isFree(candidate))) throw e;
        System.err.println("port " + candidate + " was taken before it could be bound; trying another");
      }
    }
  }

  /**
   * A port that was free a moment ago, from below the range the kernel hands out to outgoing connections (32768 and
   * up on Linux, 49152 and up elsewhere), so that no client connection takes it before it is bound; another server
   * still may.
   */
  public static int freePort() {
    for (int i = 0; i < 1000; i++) {
      int candidate = FIRST_CHOSEN + RANDOM.nextInt(LAST_CHOSEN - FIRST_CHOSEN);
      try (ServerSocket ss = new ServerSocket(candidate)) {
        return ss.getLocalPort();
      } catch (IOException e) {
        // taken: try another
      }
    }
    throw new UncheckedIOException(new IOException("no free port between " + FIRST_CHOSEN + " and " + LAST_CHOSEN));
  }

  /** Whether a server could bind {@code port} on the loopback address now. */
  static boolean isFree(int port) {
    try (ServerSocket ss = new ServerSocket()) {
      ss.setReuseAddress(true);
      ss.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Whether {@code e} or one of its causes says an address was already in use. */
  static boolean isBindFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException) return true;
      if (t.getMessage() != null && t.getMessage().contains("Address already in use")) return true;
      if (t.getCause() == t) break;
    }
    return false;
  }
}
