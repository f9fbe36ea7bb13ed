package dev.glassbox.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceProcessTest {

  @TempDir Path logs;

  /** A fake service that binds any free port, as the tests' Quarkus services do, and logs which. */
  private ServiceProcess fake(String mode) {
    return fake(mode, Ports.ANY);
  }

  private ServiceProcess fake(String mode, int port) {
    List<String> cmd = List.of(ServiceProcess.javaExecutable(), "-Dai.djl.offline=true", "-Xmx32m",
        "-cp", System.getProperty("java.class.path"), FakeService.class.getName(), Integer.toString(port), mode);
    return new ServiceProcess("fake-" + mode, cmd, Map.of("FAKE", "1"), port, logs.resolve("fake-" + mode + ".log"));
  }

  @Test
  void aServiceOnAnyPortIsReachedOnThePortItReportsEvenWhenAnotherPortIsTaken() throws Exception {
    try (ServerSocket taken = new ServerSocket(0); ServiceProcess sp = fake("up").start()) {
      sp.awaitReady(Duration.ofSeconds(30));
      assertTrue(sp.port() > 0 && sp.port() != taken.getLocalPort(), "bound port " + sp.port());
      assertEquals("http://localhost:" + sp.port(), sp.baseUrl());
      assertTrue(Files.readString(sp.logFile()).contains("Listening on: http://localhost:" + sp.port()));
    }
  }

  @Test
  void aServiceOnAFixedPortIsReachedThere() throws Exception {
    int[] chosen = new int[1];
    // A fake that exits because its port was taken meanwhile fails awaitReady with "Address already in use": retried.
    try (ServiceProcess sp = Ports.start(Ports.ANY, Ports::freePort, port -> {
      chosen[0] = port;
      ServiceProcess fixed = fake("up", port).start();
      fixed.awaitReady(Duration.ofSeconds(30));
      return fixed;
    })) {
      assertEquals(chosen[0], sp.port());
    }
  }

  @Test
  void waitsUntilReadyThenStopsGracefullyOnDestroy() throws Exception {
    ServiceProcess sp = fake("up").start();
    try {
      sp.awaitReady(Duration.ofSeconds(30));
      assertTrue(sp.isAlive());
    } finally {
      sp.destroy();
    }
    assertFalse(sp.isAlive());
    String log = Files.readString(sp.logFile());
    assertTrue(log.startsWith("=== glassbox: starting fake-up"), log);
    assertTrue(log.contains("fake service stopping"), "SIGTERM runs the child's shutdown hooks: " + log);
  }

  @Test
  void aProcessThatExitsEarlyFailsFastNamingItsLog() throws Exception {
    ServiceProcess sp = fake("crash").start();
    long t0 = System.nanoTime();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> sp.awaitReady(Duration.ofSeconds(60)));
    assertTrue((System.nanoTime() - t0) / 1e9 < 30, "did not wait for the whole timeout");
    assertTrue(e.getMessage().contains("exited with code 3"), e.getMessage());
    assertTrue(e.getMessage().contains(sp.logFile().toString()), e.getMessage());
    assertTrue(e.getMessage().contains("boom: cannot start"), "the log's tail is in the message: " + e.getMessage());
  }

  @Test
  void aServiceThatStaysDownTimesOutWithItsLastAnswer() throws Exception {
    ServiceProcess sp = fake("down").start();
    try {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> sp.awaitReady(Duration.ofSeconds(4)));
      assertTrue(e.getMessage().contains("not ready within 4 s"), e.getMessage());
      assertTrue(e.getMessage().contains("503"), e.getMessage());
      assertTrue(e.getMessage().contains(sp.logFile().toString()), e.getMessage());
    } finally {
      sp.destroy();
    }
  }

  @Test
  void kill9StopsAtOnceWithoutShutdownHooks() throws Exception {
    ServiceProcess sp = fake("up").start();
    sp.awaitReady(Duration.ofSeconds(30));
    sp.kill9();
    assertFalse(sp.isAlive());
    assertFalse(Files.readString(sp.logFile()).contains("fake service stopping"));
    // and it can be started again, appending to the same log, on the port this start reports
    sp.start().awaitReady(Duration.ofSeconds(30));
    assertTrue(Files.readString(sp.logFile()).endsWith("Listening on: http://localhost:" + sp.port() + "\n"));
    sp.destroy();
    assertEquals(2, Files.readString(sp.logFile()).split("=== glassbox: starting", -1).length - 1);
  }

  @Test
  void aMissingJarIsReportedWithHowToBuildIt(@TempDir Path home) {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> ServiceProcess.quarkus(home, "ingest", 1, "64m", Map.of(), logs));
    assertTrue(e.getMessage().contains("services/ingest/target/quarkus-app/quarkus-run.jar"), e.getMessage());
    assertTrue(e.getMessage().contains("mvnw"), e.getMessage());
  }
}
