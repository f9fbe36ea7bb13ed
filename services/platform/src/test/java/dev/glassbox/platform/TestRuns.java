package dev.glassbox.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What every platform test run starts from: a fresh data folder under target/ and services on any free port. */
final class TestRuns {

  private TestRuns() {}

  /** A new folder {@code services/platform/target/<prefix>-*}, after deleting the ones earlier runs left. */
  static Path freshDataDir(Path home, String prefix) throws IOException {
    Path target = home.resolve("services/platform/target");
    Files.createDirectories(target);
    try (var old = Files.newDirectoryStream(target, prefix + "-*")) {
      for (Path p : old) EmbeddedKafka.deleteRecursively(p);
    }
    return Files.createTempDirectory(target, prefix + "-");
  }

  /** The named services, each on {@link Ports#ANY}, in start order. */
  static Map<String, Integer> onAnyPort(String... services) {
    Map<String, Integer> ports = new LinkedHashMap<>();
    for (String s : services) ports.put(s, Ports.ANY);
    return ports;
  }
}
