package dev.glassbox.core.call;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Splits a request body or file into records: one JSON object, a JSON array of objects, or
 * newline-delimited JSON (one object per line). A line that is not JSON becomes an error item so the
 * other records still go through.
 */
public final class BodySplitter {

  private BodySplitter() {}

  /**
   * One record of a body: its parsed JSON, or why it could not be parsed.
   *
   * @param index position of the record in the body, from 0
   * @param line 1-based line of the record for NDJSON bodies, 0 otherwise
   */
  public record Item(int index, int line, JsonNode json, FieldError error) {
    public boolean parsed() {
      return json != null;
    }
  }

  /** Splits raw bytes (a request body, a file); empty when they are not valid UTF-8. */
  public static Optional<List<Item>> split(byte[] body) {
    return Utf8.decode(body).map(BodySplitter::split);
  }

  public static List<Item> split(String body) {
    String trimmed = body.strip();
    List<Item> items = new ArrayList<>();
    if (trimmed.isEmpty()) {
      items.add(new Item(0, 0, null, new FieldError("$", "empty body")));
      return items;
    }
    JsonNode whole = null;
    try {
      whole = Json.readTree(trimmed);
    } catch (JsonProcessingException e) {
      // Not one JSON value: read it as NDJSON below, unless it clearly was meant as one array.
      if (trimmed.charAt(0) == '[') {
        items.add(new Item(0, 0, null, new FieldError("$", "invalid JSON: " + Json.shortMessage(e))));
        return items;
      }
    }
    if (whole != null) {
      if (whole.isArray()) {
        for (int i = 0; i < whole.size(); i++) items.add(new Item(i, 0, whole.get(i), null));
        if (items.isEmpty()) items.add(new Item(0, 0, null, new FieldError("$", "empty array")));
      } else {
        items.add(new Item(0, 0, whole, null));
      }
      return items;
    }
    String[] lines = body.split("\r?\n", -1);
    int index = 0;
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].isBlank()) continue;
      items.add(parseLine(index++, i + 1, lines[i]));
    }
    return items;
  }

  /** Parses one NDJSON line; {@code lineNumber} is 1-based and is used in the error path. */
  public static Item parseLine(int index, int lineNumber, String line) {
    try {
      return new Item(index, lineNumber, Json.readTree(line), null);
    } catch (JsonProcessingException e) {
      return new Item(index, lineNumber, null,
          new FieldError("line " + lineNumber, "invalid JSON: " + Json.shortMessage(e)));
    }
  }
}
