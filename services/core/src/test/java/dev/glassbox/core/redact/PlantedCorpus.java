package dev.glassbox.core.redact;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.core.call.Call;
import dev.glassbox.core.call.CallCodec;
import dev.glassbox.core.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The planted PII corpus ({@code /pii/planted.jsonl}): synthetic calls whose {@code labels.planted}
 * lists every personal value or secret written into them, and {@code labels.kept} look-alikes that
 * must survive (invalid checksums, dates, prices, versions, ids). Other modules' tests reuse it.
 */
public final class PlantedCorpus {

  /** One planted value and the type it must be redacted as. */
  public record Planted(PiiType type, String value) {
    /** The forms that must not appear in any output: as written, and for cards and IBANs without separators. */
    public List<String> forms() {
      List<String> forms = new ArrayList<>(List.of(value));
      if (type == PiiType.CARD || type == PiiType.IBAN) {
        String compact = value.replaceAll("[ -]", "");
        if (!compact.equals(value)) forms.add(compact);
      }
      return forms;
    }
  }

  /**
   * One corpus line: its raw JSON, the decoded call, its planted values and kept look-alikes.
   *
   * @param expected how many findings of each type the call holds (a value written twice counts twice;
   *     a private-key block is one finding however many planted lines it has)
   */
  public record Entry(String json, Call call, List<Planted> planted, List<String> kept, Map<PiiType, Integer> expected) {

    /**
     * The line without its {@code labels}, which list the planted values as answers: redaction keeps labels (they
     * are never published), so a copy of the whole line, such as a DLQ record, would leak them by construction.
     */
    public String jsonWithoutLabels() {
      try {
        com.fasterxml.jackson.databind.node.ObjectNode call =
            (com.fasterxml.jackson.databind.node.ObjectNode) Json.readTree(json);
        call.remove("labels");
        return call.toString();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private PlantedCorpus() {}

  public static final String RESOURCE = "/pii/planted.jsonl";

  public static List<Entry> load() {
    List<Entry> out = new ArrayList<>();
    CallCodec codec = new CallCodec();
    try (InputStream in = PlantedCorpus.class.getResourceAsStream(RESOURCE);
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isBlank()) continue;
        CallCodec.Decoded d = codec.decode(line);
        if (!d.isValid()) throw new IllegalStateException("corpus line is not a valid call: " + d.reason());
        JsonNode labels = Json.readTree(line).get("labels");
        List<Planted> planted = new ArrayList<>();
        for (JsonNode p : labels.get("planted")) {
          planted.add(new Planted(PiiType.parse(p.get("type").asText()), p.get("value").asText()));
        }
        List<String> kept = new ArrayList<>();
        for (JsonNode k : labels.get("kept")) kept.add(k.asText());
        Map<PiiType, Integer> expected = new EnumMap<>(PiiType.class);
        labels.get("expected").fields().forEachRemaining(f -> expected.put(PiiType.parse(f.getKey()), f.getValue().asInt()));
        out.add(new Entry(line, d.call(), planted, kept, expected));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** The planted values of {@code entries} that appear in {@code text} (lower-cased comparison for e-mails). */
  public static List<String> leaks(List<Entry> entries, String text) {
    List<String> leaked = new ArrayList<>();
    String lower = text.toLowerCase(Locale.ROOT);
    for (Entry e : entries) {
      for (Planted p : e.planted()) {
        for (String form : p.forms()) {
          // JSON output escapes "/" in no way and newlines never occur in planted values, so a plain search is exact.
          if (lower.contains(form.toLowerCase(Locale.ROOT))) leaked.add(p.type().id() + ":" + form);
        }
      }
    }
    return leaked;
  }

  /** How many findings of the type the entries hold in all. */
  public static int expectedCount(List<Entry> entries, PiiType type) {
    return entries.stream().mapToInt(e -> e.expected().getOrDefault(type, 0)).sum();
  }
}
