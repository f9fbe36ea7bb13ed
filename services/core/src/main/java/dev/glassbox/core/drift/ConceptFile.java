package dev.glassbox.core.drift;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.core.json.Json;
import java.util.ArrayList;
import java.util.List;

/** Reads concepts from JSON: {@code {"concepts":[{"name":…,"examples":[…],"counter_examples":[…]}]}} or a bare list. */
public final class ConceptFile {

  private ConceptFile() {}

  public static List<Concept> parse(String json) {
    JsonNode root;
    try {
      root = Json.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("concept file: invalid JSON: " + Json.shortMessage(e));
    }
    return parse(root);
  }

  /** From an already parsed tree (the CLI reads YAML into the same shape). */
  public static List<Concept> parse(JsonNode root) {
    JsonNode list = root != null && root.isObject() ? root.get("concepts") : root;
    if (list == null || !list.isArray()) {
      throw new IllegalArgumentException("concept file: expected a list of concepts or {\"concepts\": [...]}");
    }
    List<Concept> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode c = list.get(i);
      try {
        out.add(new Concept(text(c.get("name")), strings(c.get("examples")), strings(c.get("counter_examples"))));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("concept file: concepts[" + i + "]: " + e.getMessage());
      }
    }
    return out;
  }

  private static String text(JsonNode n) {
    return n == null || !n.isTextual() ? null : n.asText();
  }

  private static List<String> strings(JsonNode n) {
    if (n == null || n.isNull()) return List.of();
    if (!n.isArray()) throw new IllegalArgumentException("examples must be a list of phrases");
    List<String> out = new ArrayList<>();
    for (JsonNode s : n) {
      if (!s.isTextual() || s.asText().isBlank()) throw new IllegalArgumentException("every example must be a phrase");
      out.add(s.asText());
    }
    return out;
  }
}
