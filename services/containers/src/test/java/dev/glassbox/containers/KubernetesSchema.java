package dev.glassbox.containers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes API's JSON schema as fabric8 generates it from Kubernetes' OpenAPI (kubernetes-model-apps'
 * schema/validation-schema.json), made strict the way the API server's strict field validation is: unknown fields
 * are errors, quantities and int-or-strings take their wire forms, and draft-3 style "required" flags count.
 */
final class KubernetesSchema {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private final ObjectNode definitions;
  private final Map<String, String> definitionByKind = new HashMap<>();

  private KubernetesSchema(ObjectNode definitions) {
    this.definitions = definitions;
    definitions.fields().forEachRemaining(e -> {
      JsonNode props = e.getValue().path("properties");
      String kind = props.path("kind").path("default").asText("");
      String apiVersion = props.path("apiVersion").path("default").asText("");
      if (!kind.isEmpty()) definitionByKind.putIfAbsent(apiVersion + " " + kind, e.getKey());
    });
  }

  static KubernetesSchema load() throws IOException {
    ObjectNode definitions = (ObjectNode) KubernetesManifestsSchemaTest.read("/schema/validation-schema.json")
        .path("definitions");
    List<String> names = new ArrayList<>();
    definitions.fieldNames().forEachRemaining(names::add);
    for (String name : names) {
      if (name.endsWith("_Quantity") || name.endsWith("_IntOrString")) {
        // Serialised as "500m", "1Gi" or 2 and "http" or 8080, not as the Java objects the schema describes.
        definitions.set(name, JSON.objectNode().set("type", JSON.arrayNode().add("string").add("integer").add("number")));
      } else {
        strict(definitions.get(name));
      }
    }
    return new KubernetesSchema(definitions);
  }

  /** The schema of the document's apiVersion and kind, or null when the Kubernetes API has no such kind. */
  JsonSchema forKind(JsonNode doc) {
    String name = definitionByKind.get(doc.path("apiVersion").asText() + " " + doc.path("kind").asText());
    if (name == null) return null;
    ObjectNode root = JSON.objectNode();
    root.put("$schema", "http://json-schema.org/draft-07/schema#");
    root.set("definitions", definitions);
    root.set("allOf", JSON.arrayNode().add(JSON.objectNode().put("$ref", "#/definitions/" + name)));
    return KubernetesManifestsSchemaTest.schema(root);
  }

  /** Unknown properties become errors and "required": true on a property joins its parent's required list. */
  private static void strict(JsonNode node) {
    if (node instanceof ArrayNode array) array.forEach(KubernetesSchema::strict);
    if (!(node instanceof ObjectNode object)) return;
    JsonNode properties = object.get("properties");
    if (properties instanceof ObjectNode props && !props.isEmpty()) {
      if (object.path("additionalProperties").asBoolean(true)) object.put("additionalProperties", false);
      ArrayNode required = JSON.arrayNode();
      props.fields().forEachRemaining(p -> {
        if (p.getValue() instanceof ObjectNode prop && prop.path("required").isBoolean()) {
          if (prop.remove("required").asBoolean()) required.add(p.getKey());
        }
      });
      if (!required.isEmpty()) object.set("required", required);
    }
    object.forEach(KubernetesSchema::strict);
  }
}
