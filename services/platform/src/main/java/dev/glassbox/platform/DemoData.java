package dev.glassbox.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.core.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The bundled demo calls (real HaluEval and SelfCheckGPT data; see {@code demo/NOTICE.md}). */
public final class DemoData {

  /** Classpath resources, one call v1 JSON per line. */
  public static final List<String> FILES = List.of("demo/halueval-qa.jsonl", "demo/wikibio-selfcheck.jsonl");

  /**
   * One demo call as posted.
   *
   * @param json the line as bundled, with its timestamp moved (see {@link #load(Instant)})
   * @param hallucinated the ground-truth label, or null when the call has none
   */
  public record DemoCall(String id, String json, Boolean hallucinated, String response) {}

  private DemoData() {}

  /** The demo calls, the latest dated now. */
  public static List<DemoCall> load() {
    return load(Instant.now());
  }

  /**
   * The demo calls with their timestamps moved together so that the latest is {@code latest}: they keep
   * their order and spacing, fall inside dashboards' default time ranges, and are not old enough for the
   * store's retention job to delete them.
   */
  public static List<DemoCall> load(Instant latest) {
    List<ObjectNode> nodes = new ArrayList<>();
    for (String file : FILES) {
      try (InputStream in = DemoData.class.getClassLoader().getResourceAsStream(file)) {
        if (in == null) throw new IllegalStateException("demo data " + file + " is not on the classpath");
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line; (line = r.readLine()) != null; ) {
          if (!line.isBlank()) nodes.add((ObjectNode) Json.readTree(line));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read demo data " + file, e);
      }
    }
    Instant bundledLatest = nodes.stream().map(n -> Instant.parse(n.path("timestamp").asText())).max(Instant::compareTo)
        .orElse(latest);
    Duration shift = Duration.between(bundledLatest, latest.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    List<DemoCall> out = new ArrayList<>(nodes.size());
    for (ObjectNode n : nodes) {
      n.put("timestamp", Instant.parse(n.path("timestamp").asText()).plus(shift).toString());
      // The bundled files name the dev data's tenant; the demo sends them as the launcher key's tenant.
      n.remove("tenant");
      JsonNode h = n.path("labels").path("hallucinated");
      out.add(new DemoCall(n.path("id").asText(), Json.string(n), h.isBoolean() ? h.booleanValue() : null,
          n.path("response").asText()));
    }
    return out;
  }
}
