package dev.glassbox.core.adapt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.core.call.CallCodec;
import dev.glassbox.core.call.FieldError;
import dev.glassbox.core.json.Json;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A call v1 JSON tree being filled by an adapter, with the warnings and errors found on the way. It is
 * finished by running {@link CallCodec#decode(JsonNode)} on it, so adapted calls meet exactly the limits
 * and rules of native ones.
 */
final class CallTree {

  /** Attribute holding Glassbox's own notes on a call. */
  static final String GLASSBOX = "glassbox";

  final ObjectNode node = Json.mapper().createObjectNode();
  final ArrayNode prompt = node.putArray("prompt");
  final List<String> warnings = new ArrayList<>();
  final List<FieldError> errors = new ArrayList<>();
  private final Set<String> covered = new HashSet<>();
  private final String format;

  CallTree(String format) {
    this.format = format;
  }

  void message(String role, String content) {
    prompt.addObject().put("role", role).put("content", content);
  }

  void error(String path, String reason) {
    errors.add(new FieldError(path, reason));
  }

  /** An error in the source record that leaves call v1 field {@code field} empty (so the codec's own error on it is dropped). */
  void error(String path, String reason, String field) {
    errors.add(new FieldError(path, reason));
    covered.add(field);
  }

  void warn(String warning) {
    warnings.add(warning);
  }

  /** Marks call v1 fields whose absence an earlier error already explains. */
  void cover(String... fields) {
    covered.addAll(List.of(fields));
  }

  /** Copies an object of the source record into {@code attributes}, beside Glassbox's notes. */
  void attributes(JsonNode source) {
    if (source == null || source.isNull() || source.isMissingNode()) return;
    if (!source.isObject()) {
      error("attributes", "must be a JSON object");
      return;
    }
    ObjectNode attrs = node.withObject("/attributes");
    source.fields().forEachRemaining(e -> {
      if (GLASSBOX.equals(e.getKey())) warn("attributes.glassbox was replaced by Glassbox's mapping notes");
      else attrs.set(e.getKey(), e.getValue());
    });
  }

  void attribute(String key, JsonNode value) {
    if (value != null && !value.isNull() && !value.isMissingNode()) node.withObject("/attributes").set(key, value);
  }

  /** Validates the tree as a native call would be; the adapter's own errors come first. */
  Adapted finish(CallCodec codec) {
    String id = node.path("id").isTextual() ? node.get("id").textValue() : null;
    ObjectNode notes = node.withObject("/attributes").putObject(GLASSBOX);
    notes.put("format", format);
    if (!warnings.isEmpty()) {
      ArrayNode w = notes.putArray("mapping_warnings");
      warnings.forEach(w::add);
    }
    CallCodec.Decoded decoded = codec.decode(node);
    if (!errors.isEmpty() || !decoded.isValid()) {
      List<FieldError> all = new ArrayList<>(errors);
      for (FieldError e : decoded.errors()) {
        // The adapter's error on the source field says more than the codec's "required" on the call field.
        String field = e.path().replaceFirst("[.\\[].*", "");
        if (!covered.contains(field)) all.add(e);
      }
      return Adapted.rejected(id, all);
    }
    return new Adapted(id, decoded.call(), warnings, List.of());
  }
}
