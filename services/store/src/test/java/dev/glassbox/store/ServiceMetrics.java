package dev.glassbox.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Prometheus series the services' source registers with Micrometer, named as Micrometer's Prometheus
 * registry names them: dots become underscores, counters end in {@code _total}, timers in {@code _seconds}
 * with {@code _count}, {@code _sum} and {@code _max}.
 */
final class ServiceMetrics {

  private static final Pattern METER = Pattern.compile(
      "(registry\\.counter|Counter\\.builder|registry\\.timer|Timer\\.builder|registry\\.gauge|Gauge\\.builder"
          + "|DistributionSummary\\.builder|registry\\.summary)\\(\\s*\"([^\"]+)\"");

  private ServiceMetrics() {}

  static Set<String> prometheusNames(Path projectRoot) {
    Set<String> names = new TreeSet<>();
    try (Stream<Path> files = Files.walk(projectRoot.resolve("services"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/")).toList()) {
        Matcher m = METER.matcher(Files.readString(f));
        while (m.find()) names.addAll(series(m.group(1), m.group(2).replace('.', '_')));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return names;
  }

  private static Set<String> series(String kind, String base) {
    if (kind.contains("ounter")) return Set.of(base.endsWith("_total") ? base : base + "_total");
    if (kind.contains("imer")) {
      String s = base + "_seconds";
      return Set.of(s, s + "_count", s + "_sum", s + "_max", s + "_bucket");
    }
    if (kind.contains("ummary")) return Set.of(base, base + "_count", base + "_sum", base + "_max", base + "_bucket");
    return Set.of(base);
  }
}
