package dev.glassbox.core.adapt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.glassbox.core.json.Json;

/** What every span convention maps the same way: id, timestamp, app, and the {@code glassbox.logprobs} extension. */
final class SpanFields {

  /** Glassbox's own span attribute for token log-probs (neither convention defines one): OpenAI's {@code logprobs} JSON. */
  static final String LOGPROBS_ATTRIBUTE = "glassbox.logprobs";

  private SpanFields() {}

  /** Call id {@code <traceId>-<spanId>}, timestamp from the start time, app from the resource, trace ids in attributes. */
  static void common(OtlpSpans.Span span, String defaultApp, CallTree tree) {
    tree.node.put("id", span.traceId() + "-" + span.spanId());
    tree.node.put("timestamp", span.start().toString());
    JsonNode service = span.resource().get("service.name");
    JsonNode project = span.resource().get("openinference.project.name");
    if (service != null && service.isTextual() && !service.textValue().isBlank()
        && !service.textValue().startsWith("unknown_service")) {
      tree.node.set("app", service);
    } else if (project != null && project.isTextual()) {
      tree.node.set("app", project);
    } else {
      tree.node.put("app", defaultApp);
      tree.warn("resource has no service.name; used app '" + defaultApp + "'");
    }
    tree.attribute("trace_id", tree.node.textNode(span.traceId()));
    tree.attribute("span_id", tree.node.textNode(span.spanId()));
    tree.attribute("span_name", tree.node.textNode(span.name()));
  }

  /** Copies {@code glassbox.logprobs} when the span carries it. */
  static void logprobs(OtlpSpans.Span span, CallTree tree) {
    JsonNode raw = span.attributes().get(LOGPROBS_ATTRIBUTE);
    if (raw == null || raw.isNull()) return;
    JsonNode parsed = json(raw, LOGPROBS_ATTRIBUTE, tree, "logprobs");
    ArrayNode lps = parsed == null ? null : OpenAiLogprobs.chat(parsed, LOGPROBS_ATTRIBUTE, tree);
    if (lps != null && !lps.isEmpty()) tree.node.set("logprobs", lps);
  }

  /** An attribute that holds JSON either structured or as a JSON string (both are allowed on spans). */
  static JsonNode json(JsonNode value, String path, CallTree tree, String field) {
    if (value == null || value.isNull()) return null;
    if (!value.isTextual()) return value;
    try {
      return Json.readTree(value.textValue());
    } catch (JsonProcessingException e) {
      tree.error(path, "not valid JSON: " + Json.shortMessage(e), field);
      return null;
    }
  }
}
