package dev.glassbox.core.adapt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.core.call.FieldError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the spans of an OTLP/JSON trace export ({@code ExportTraceServiceRequest}: {@code resourceSpans →
 * scopeSpans → spans}, OTLP 1.x JSON mapping: lowerCamelCase names, hex ids, 64-bit integers as strings)
 * with attribute values turned into plain JSON ({@code AnyValue} → string, number, boolean, array, object).
 */
public final class OtlpSpans {

  private OtlpSpans() {}

  /** One span with its resource's attributes. */
  public record Span(String path, Map<String, JsonNode> resource, String traceId, String spanId, String name,
      Instant start, Map<String, JsonNode> attributes, List<Event> events) {

    public String attribute(String key) {
      JsonNode v = attributes.get(key);
      return v != null && v.isValueNode() ? v.asText() : null;
    }

    /** Whether any attribute key starts with {@code prefix}. */
    public boolean hasPrefix(String prefix) {
      return attributes.keySet().stream().anyMatch(k -> k.startsWith(prefix));
    }
  }

  /** One span event, e.g. {@code gen_ai.user.message}. */
  public record Event(String name, Map<String, JsonNode> attributes) {}

  /** The spans found, and the parts of the export that could not be read. */
  public record Read(List<Span> spans, List<FieldError> errors) {}

  public static Read read(JsonNode export) {
    List<Span> spans = new ArrayList<>();
    List<FieldError> errors = new ArrayList<>();
    if (export == null || !export.isObject()) {
      errors.add(new FieldError("$", "must be an OTLP/JSON object with resourceSpans"));
      return new Read(spans, errors);
    }
    JsonNode resourceSpans = export.get("resourceSpans");
    if (resourceSpans == null || !resourceSpans.isArray()) {
      errors.add(new FieldError("resourceSpans", "required: an array (OTLP/JSON ExportTraceServiceRequest)"));
      return new Read(spans, errors);
    }
    for (int r = 0; r < resourceSpans.size(); r++) {
      JsonNode rs = resourceSpans.get(r);
      String rPath = "resourceSpans[" + r + "]";
      Map<String, JsonNode> resource = attributes(rs.path("resource").get("attributes"), rPath + ".resource", errors);
      JsonNode scopes = rs.get("scopeSpans");
      if (scopes == null || !scopes.isArray()) {
        errors.add(new FieldError(rPath + ".scopeSpans", "required: an array"));
        continue;
      }
      for (int s = 0; s < scopes.size(); s++) {
        JsonNode list = scopes.get(s).get("spans");
        String sPath = rPath + ".scopeSpans[" + s + "].spans";
        if (list == null || !list.isArray()) {
          errors.add(new FieldError(sPath, "required: an array"));
          continue;
        }
        for (int i = 0; i < list.size(); i++) {
          span(list.get(i), sPath + "[" + i + "]", resource, spans, errors);
        }
      }
    }
    return new Read(spans, errors);
  }

  private static void span(JsonNode s, String path, Map<String, JsonNode> resource, List<Span> spans,
      List<FieldError> errors) {
    if (!s.isObject()) {
      errors.add(new FieldError(path, "must be an object"));
      return;
    }
    int before = errors.size();
    String traceId = s.path("traceId").asText("");
    String spanId = s.path("spanId").asText("");
    if (!traceId.matches("[0-9a-fA-F]{32}")) errors.add(new FieldError(path + ".traceId", "must be 32 hex digits"));
    if (!spanId.matches("[0-9a-fA-F]{16}")) errors.add(new FieldError(path + ".spanId", "must be 16 hex digits"));
    Instant start = null;
    JsonNode t = s.get("startTimeUnixNano");
    try {
      long nanos = t == null ? -1 : t.isTextual() ? Long.parseLong(t.textValue()) : t.canConvertToLong() ? t.longValue() : -1;
      if (nanos <= 0) errors.add(new FieldError(path + ".startTimeUnixNano", "required: nanoseconds since the epoch"));
      else start = Instant.ofEpochSecond(nanos / 1_000_000_000L, nanos % 1_000_000_000L);
    } catch (NumberFormatException e) {
      errors.add(new FieldError(path + ".startTimeUnixNano", "must be an integer (nanoseconds since the epoch)"));
    }
    Map<String, JsonNode> attrs = attributes(s.get("attributes"), path, errors);
    List<Event> events = new ArrayList<>();
    JsonNode ev = s.get("events");
    if (ev != null && ev.isArray()) {
      for (int i = 0; i < ev.size(); i++) {
        events.add(new Event(ev.get(i).path("name").asText(""),
            attributes(ev.get(i).get("attributes"), path + ".events[" + i + "]", errors)));
      }
    }
    if (errors.size() > before) return;
    spans.add(new Span(path, resource, traceId.toLowerCase(), spanId.toLowerCase(), s.path("name").asText(""),
        start, attrs, events));
  }

  private static Map<String, JsonNode> attributes(JsonNode list, String path, List<FieldError> errors) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    if (list == null || list.isNull()) return out;
    if (!list.isArray()) {
      errors.add(new FieldError(path + ".attributes", "must be an array of {key, value}"));
      return out;
    }
    for (JsonNode kv : list) {
      if (!kv.path("key").isTextual()) continue;
      out.put(kv.get("key").textValue(), value(kv.get("value")));
    }
    return out;
  }

  /** An OTLP {@code AnyValue} as plain JSON; an unknown or empty value becomes JSON null. */
  static JsonNode value(JsonNode any) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (any == null || !any.isObject()) return f.nullNode();
    if (any.has("stringValue")) return f.textNode(any.get("stringValue").asText());
    if (any.has("boolValue")) return f.booleanNode(any.get("boolValue").asBoolean());
    if (any.has("intValue")) {
      JsonNode v = any.get("intValue");
      try {
        return f.numberNode(v.isTextual() ? Long.parseLong(v.textValue()) : v.longValue());
      } catch (NumberFormatException e) {
        return f.textNode(v.asText());
      }
    }
    if (any.has("doubleValue")) return f.numberNode(any.get("doubleValue").asDouble());
    if (any.has("bytesValue")) return f.textNode(any.get("bytesValue").asText());
    if (any.has("arrayValue")) {
      ArrayNode a = f.arrayNode();
      any.get("arrayValue").path("values").forEach(v -> a.add(value(v)));
      return a;
    }
    if (any.has("kvlistValue")) {
      ObjectNode o = f.objectNode();
      any.get("kvlistValue").path("values").forEach(kv -> o.set(kv.path("key").asText(""), value(kv.get("value"))));
      return o;
    }
    return f.nullNode();
  }
}
