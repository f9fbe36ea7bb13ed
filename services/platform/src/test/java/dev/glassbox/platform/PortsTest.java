package dev.glassbox.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.BindException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

class PortsTest {

  @Test
  void aPortTakenBetweenChoosingAndBindingIsReplacedByTheNextFreeOne() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      int free = Ports.freePort();
      List<Integer> tried = new ArrayList<>();
      int bound = Ports.start(Ports.ANY, candidates(taken.getLocalPort(), free), port -> {
        tried.add(port);
        try (ServerSocket server = new ServerSocket(port)) {
          return server.getLocalPort();
        }
      });
      assertEquals(List.of(taken.getLocalPort(), free), tried);
      assertEquals(free, bound);
    }
  }

  @Test
  void aFixedPortIsTriedOnlyOnce() {
    List<Integer> tried = new ArrayList<>();
    assertThrows(BindException.class, () -> Ports.start(8081, candidates(1, 2), port -> {
      tried.add(port);
      throw new BindException("Address already in use");
    }));
    assertEquals(List.of(8081), tried);
  }

  @Test
  void aFailureOnAFreePortThatIsNotABindFailureIsNotRetried() {
    IllegalStateException broken = new IllegalStateException("data left by another version");
    List<Integer> tried = new ArrayList<>();
    int free = Ports.freePort();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Ports.start(Ports.ANY, candidates(free, free), port -> {
          tried.add(port);
          throw broken;
        }));
    assertSame(broken, e);
    assertEquals(1, tried.size());
  }

  @Test
  void itGivesUpAfterAFewTakenPorts() {
    List<Integer> tried = new ArrayList<>();
    assertThrows(IOException.class, () -> Ports.start(Ports.ANY, () -> 40_000 + tried.size(), port -> {
      tried.add(port);
      throw new IOException("could not start", new BindException("Address already in use"));
    }));
    assertEquals(Ports.ATTEMPTS, tried.size());
  }

  @Test
  void freePortsAreChosenBelowThePortsOfOutgoingConnections() {
    for (int i = 0; i < 20; i++) {
      int port = Ports.freePort();
      assertTrue(port >= 20_000 && port < 32_768, "port " + port);
    }
  }

  @Test
  void aBindFailureIsRecognisedAmongTheCauses() {
    assertTrue(Ports.isBindFailure(new IllegalStateException("x", new BindException("in use"))));
    assertTrue(Ports.isBindFailure(new RuntimeException("Socket server failed to bind: Address already in use")));
    assertFalse(Ports.isBindFailure(new RuntimeException("disk full")));
  }

  /** The given ports in order, as the free ports a start chooses from. */
  static IntSupplier candidates(int... ports) {
    int[] next = {0};
    return () -> ports[next[0]++];
  }
}
