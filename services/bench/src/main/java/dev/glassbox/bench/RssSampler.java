package dev.glassbox.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/** Samples a process's VmRSS from {@code /proc} every 200 ms and keeps the peak. */
final class RssSampler {
  final long pid;
  volatile long peakKb;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private Thread thread;

  RssSampler(long pid) {
    this.pid = pid;
  }

  void start() {
    thread = new Thread(() -> {
      while (running.get()) {
        peakKb = Math.max(peakKb, statusKb(pid, "VmRSS"));
        sleepNanos(200_000_000L);
      }
    }, "bench-rss");
    thread.setDaemon(true);
    thread.start();
  }

  long hwmKb() {
    return statusKb(pid, "VmHWM");
  }

  void stop() throws InterruptedException {
    running.set(false);
    thread.join();
  }

  /** A {@code kB} field of {@code /proc/<pid>/status}; 0 when unreadable. */
  static long statusKb(long pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith(field + ":")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    } catch (Exception e) {
      // not Linux, or the process is gone
    }
    return 0;
  }

  /** Sleeps; an interrupt ends the sleep early and stays set. */
  static void sleepNanos(long nanos) {
    try {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
