package dev.glassbox.platform;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.core.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The bundled demo calls (real HaluEval and SelfCheckGPT data; see {@code demo/NOTICE.md}). */
public final class DemoData {

  /** Classpath resources, one call v1 JSON per line. */
  public static final List<String> FILES = List.of("demo/halueval-qa.jsonl", "demo/wikibio-selfcheck.jsonl");

  /**
   * One demo call as posted.
   *
   * @param json the line exactly as bundled
   * @param hallucinated the ground-truth label, or null when the call has none
   */
  public record DemoCall(String id, String json, Boolean hallucinated, String response) {}

  private DemoData() {}

  public static List<DemoCall> load() {
    List<DemoCall> out = new ArrayList<>();
    for (String file : FILES) {
      try (InputStream in = DemoData.class.getClassLoader().getResourceAsStream(file)) {
        if (in == null) throw new IllegalStateException("demo data " + file + " is not on the classpath");
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line; (line = r.readLine()) != null; ) {
          if (line.isBlank()) continue;
          JsonNode n = Json.readTree(line);
          JsonNode h = n.path("labels").path("hallucinated");
          out.add(new DemoCall(n.path("id").asText(), line, h.isBoolean() ? h.booleanValue() : null,
              n.path("response").asText()));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read demo data " + file, e);
      }
    }
    return out;
  }
}
