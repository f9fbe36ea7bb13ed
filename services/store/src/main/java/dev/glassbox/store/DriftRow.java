package dev.glassbox.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** One drift report as stored: the columns the API filters by, and the whole report as JSON. */
public record DriftRow(String app, String model, String tenant, Instant windowStart, Instant windowEnd, int calls,
    boolean drifted, JsonNode report) {

  /** Reads a {@code llm.drift.v1} record; throws IllegalArgumentException naming the first missing or bad field. */
  static DriftRow of(byte[] json) {
    JsonNode r;
    try {
      r = Json.mapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("invalid JSON: " + Json.shortMessage(e));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (r == null || !r.isObject()) throw new IllegalArgumentException("a drift report must be a JSON object");
    JsonNode tenant = r.get("tenant");
    return new DriftRow(text(r, "app"), text(r, "model"), tenant == null || tenant.isNull() ? "default" : tenant.asText(),
        instant(r, "window_start"), instant(r, "window_end"), integer(r, "calls"), bool(r, "drifted"), r);
  }

  private static String text(JsonNode r, String field) {
    JsonNode n = r.get(field);
    if (n == null || !n.isTextual() || n.asText().isBlank()) throw new IllegalArgumentException(field + ": required text");
    return n.asText();
  }

  private static Instant instant(JsonNode r, String field) {
    try {
      return Instant.parse(text(r, field));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(field + ": not an ISO-8601 instant");
    }
  }

  private static int integer(JsonNode r, String field) {
    JsonNode n = r.get(field);
    if (n == null || !n.canConvertToInt()) throw new IllegalArgumentException(field + ": required integer");
    return n.asInt();
  }

  private static boolean bool(JsonNode r, String field) {
    JsonNode n = r.get(field);
    if (n == null || !n.isBoolean()) throw new IllegalArgumentException(field + ": required boolean");
    return n.asBoolean();
  }
}
