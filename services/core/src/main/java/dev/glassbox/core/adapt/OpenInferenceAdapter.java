package dev.glassbox.core.adapt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.core.call.CallCodec;
import dev.glassbox.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Maps one OpenInference LLM span (as exported by Phoenix-instrumented apps over OTLP) to a call.
 *
 * <p>Follows the OpenInference semantic conventions (spec/semantic_conventions.md of Arize-ai/openinference,
 * as of openinference-semantic-conventions 0.1.x): {@code openinference.span.kind = LLM}; flattened lists
 * {@code llm.input_messages.<i>.message.role|content|contents.<j>.message_content.text|tool_calls.<j>.tool_call.function.*},
 * {@code llm.output_messages.<i>.message.*}; {@code retrieval.documents.<i>.document.content|id};
 * {@code llm.model_name}, {@code llm.provider}, {@code llm.system}; {@code input.value} / {@code output.value}
 * when no messages were recorded.
 *
 * <p>Mapping: input messages → {@code prompt}; the first output message → {@code response}, the others →
 * {@code samples}; retrieval documents → {@code context} (from the LLM span, or else from the RETRIEVER
 * spans of the same trace); resource {@code service.name} (else {@code openinference.project.name}) →
 * {@code app}; trace id + span id → {@code id}; start time → {@code timestamp}. The conventions define no
 * token log-probs: a span may carry OpenAI's {@code logprobs} JSON in {@code glassbox.logprobs}.
 */
public final class OpenInferenceAdapter {

  public static final String FORMAT = "openinference";
  static final String KIND = "openinference.span.kind";

  private final CallCodec codec;
  private final String defaultApp;

  public OpenInferenceAdapter(CallCodec codec, String defaultApp) {
    this.codec = codec;
    this.defaultApp = defaultApp;
  }

  /** Whether a span follows OpenInference at all (any kind). */
  public static boolean isOpenInference(OtlpSpans.Span span) {
    return span.attributes().containsKey(KIND) || span.hasPrefix("llm.input_messages.") || span.hasPrefix("llm.output_messages.");
  }

  /** Whether a span is an OpenInference LLM call. */
  public static boolean isLlmSpan(OtlpSpans.Span span) {
    String kind = span.attribute(KIND);
    return kind != null ? kind.equalsIgnoreCase("LLM") : isOpenInference(span);
  }

  /** The documents a span retrieved ({@code retrieval.documents.*}), as call v1 passages. */
  public static List<ObjectNode> documents(OtlpSpans.Span span) {
    List<ObjectNode> out = new ArrayList<>();
    Map<String, JsonNode> attrs = span.attributes();
    for (int i : Flattened.indices(attrs, "retrieval.documents.")) {
      String base = "retrieval.documents." + i + ".document.";
      String content = Flattened.text(attrs, base + "content");
      if (content == null) continue;
      String id = Flattened.text(attrs, base + "id");
      ObjectNode p = Json.mapper().createObjectNode();
      p.put("id", id == null ? span.spanId() + ":" + i : id);
      p.put("text", content);
      out.add(p);
    }
    return out;
  }

  /** Maps one LLM span; {@code traceDocuments} are the documents retrieved elsewhere in its trace. */
  public Adapted adapt(OtlpSpans.Span span, List<ObjectNode> traceDocuments) {
    CallTree tree = new CallTree(FORMAT);
    try {
      map(span, traceDocuments, tree);
    } catch (RuntimeException e) {
      tree.error(span.path(), "could not map: " + e.getClass().getSimpleName());
    }
    return tree.finish(codec);
  }

  private void map(OtlpSpans.Span span, List<ObjectNode> traceDocuments, CallTree tree) {
    Map<String, JsonNode> attrs = span.attributes();
    SpanFields.common(span, defaultApp, tree);
    String model = Flattened.text(attrs, "llm.model_name");
    if (model != null) tree.node.put("model", model);
    else tree.error(span.path() + ".attributes", "llm.model_name required", "model");
    String provider = Flattened.text(attrs, "llm.provider");
    if (provider == null) provider = Flattened.text(attrs, "llm.system");
    if (provider != null) tree.attribute("provider", tree.node.textNode(provider));
    tree.attribute("input_tokens", attrs.get("llm.token_count.prompt"));
    tree.attribute("output_tokens", attrs.get("llm.token_count.completion"));

    Flattened.messages(span, "llm.input_messages.", "message.", tree, null);
    List<String> outputs = new ArrayList<>();
    Flattened.messages(span, "llm.output_messages.", "message.", tree, outputs);
    if (tree.prompt.isEmpty()) {
      String input = Flattened.text(attrs, "input.value");
      if (input != null) {
        tree.message("user", input);
        tree.warn("no llm.input_messages; prompt taken from input.value" + mime(attrs, "input.mime_type"));
      } else {
        tree.error(span.path() + ".attributes", "llm.input_messages.* or input.value required", "prompt");
      }
    }
    if (outputs.isEmpty()) {
      String output = Flattened.text(attrs, "output.value");
      if (output != null) {
        outputs.add(output);
        tree.warn("no llm.output_messages; response taken from output.value" + mime(attrs, "output.mime_type"));
      } else {
        tree.error(span.path() + ".attributes", "llm.output_messages.* or output.value required", "response");
      }
    }
    if (!outputs.isEmpty()) {
      tree.node.put("response", outputs.get(0));
      if (outputs.size() > 1) {
        ArrayNode samples = tree.node.putArray("samples");
        outputs.subList(1, outputs.size()).forEach(samples::add);
      }
    }
    List<ObjectNode> docs = documents(span);
    if (docs.isEmpty() && !traceDocuments.isEmpty()) {
      docs = traceDocuments;
      tree.warn("context taken from the retriever spans of trace " + span.traceId());
    }
    if (!docs.isEmpty()) tree.node.putArray("context").addAll(docs);
    SpanFields.logprobs(span, tree);
  }

  private static String mime(Map<String, JsonNode> attrs, String key) {
    String m = Flattened.text(attrs, key);
    return m != null && m.contains("json") ? " (" + m + ": the raw JSON text)" : "";
  }
}
