package dev.glassbox.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LauncherOptionsTest {

  @Test
  void defaultsAreTheDocumentedPortsAndDotGlassbox() throws Exception {
    LauncherOptions o = LauncherOptions.parse("up");
    assertEquals("up", o.command());
    assertEquals(9092, o.kafkaPort());
    assertEquals(5432, o.pgPort());
    assertEquals(Path.of(".glassbox"), o.dataDir());
    assertFalse(o.exit());
    assertFalse(o.fresh());
    assertEquals(0, o.driftWindowCalls(), "up keeps the drift service's hourly windows");
    assertEquals(LauncherOptions.DEMO_DRIFT_WINDOW_CALLS, LauncherOptions.parse("demo").driftWindowCalls());
    assertEquals(80, LauncherOptions.parse("up", "--drift-window-calls=80").driftWindowCalls());
  }

  @Test
  void optionsTakeSeparateOrEqualsValuesInAnyOrder() throws Exception {
    LauncherOptions o = LauncherOptions.parse("--kafka-port", "19092", "demo", "--pg-port=15432", "--exit",
        "--data-dir", "/tmp/gb", "--fresh", "--timeout=30");
    assertEquals("demo", o.command());
    assertTrue(o.exit());
    assertTrue(o.fresh());
    assertEquals(19092, o.kafkaPort());
    assertEquals(15432, o.pgPort());
    assertEquals(Path.of("/tmp/gb"), o.dataDir());
    assertEquals(Duration.ofSeconds(30), o.timeout());
  }

  @Test
  void servicesListenOnLoopbackUnlessBindOpensThem() throws Exception {
    assertEquals("127.0.0.1", LauncherOptions.parse("up").bind());
    assertEquals("0.0.0.0", LauncherOptions.parse("up", "--bind", "0.0.0.0").bind());
    assertEquals("::", LauncherOptions.parse("demo", "--bind=::").bind());
    Path home = Path.of("."), data = Path.of(".glassbox");
    for (String service : Platform.DEFAULT_SERVICES.keySet()) {
      assertEquals("127.0.0.1", Launcher.settings(LauncherOptions.parse("up"), home, data).env().get(service)
          .get("QUARKUS_HTTP_HOST"), service + " listens on loopback by default");
      assertEquals("0.0.0.0", Launcher.settings(LauncherOptions.parse("up", "--bind", "0.0.0.0"), home, data).env()
          .get(service).get("QUARKUS_HTTP_HOST"), service + " listens where --bind says");
    }
  }

  @Test
  void helpNeedsNoCommand() throws Exception {
    assertEquals("help", LauncherOptions.parse("--help").command());
  }

  @Test
  void badCommandLinesSayWhatIsWrong() {
    assertMessage("missing command", new String[] {});
    assertMessage("unknown command", new String[] {"start"});
    assertMessage("unknown option --verbose", new String[] {"up", "--verbose"});
    assertMessage("--kafka-port needs a value", new String[] {"up", "--kafka-port"});
    assertMessage("must be a positive number", new String[] {"up", "--pg-port", "x"});
    assertMessage("must be a port number", new String[] {"up", "--pg-port", "70000"});
    assertMessage("--exit is for demo", new String[] {"up", "--exit"});
    assertMessage("--drift-window-calls must be a positive number", new String[] {"demo", "--drift-window-calls", "0"});
    assertMessage("--bind must be an address", new String[] {"up", "--bind", " "});
    assertMessage("--bind needs a value", new String[] {"up", "--bind"});
    assertMessage("cannot share port", new String[] {"up", "--kafka-port", "5432"});
  }

  private static void assertMessage(String expected, String[] args) {
    LauncherOptions.UsageException e = assertThrows(LauncherOptions.UsageException.class,
        () -> LauncherOptions.parse(args));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
