package dev.glassbox.core.adapt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.glassbox.core.call.CallCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * Maps one OpenTelemetry span that follows the GenAI semantic conventions to a call.
 *
 * <p>Follows the OpenTelemetry semantic conventions for generative AI (semconv 1.37+, status Development):
 * inference spans ({@code gen_ai.operation.name} {@code chat}, {@code text_completion},
 * {@code generate_content}) with {@code gen_ai.input.messages}, {@code gen_ai.output.messages} and
 * {@code gen_ai.system_instructions} (structured or JSON strings, per the input/output messages JSON
 * schemas: {@code role}, {@code parts[]} of {@code text}, {@code tool_call}, {@code tool_call_response},
 * ...), {@code gen_ai.request.model}, {@code gen_ai.response.model}, {@code gen_ai.provider.name} (formerly
 * {@code gen_ai.system}). Spans from instrumentations on semconv 1.36 and before carry the content as span
 * events instead ({@code gen_ai.system.message}, {@code gen_ai.user.message}, {@code gen_ai.assistant.message},
 * {@code gen_ai.tool.message}, {@code gen_ai.choice}); semconv 1.26's {@code gen_ai.content.prompt} /
 * {@code gen_ai.content.completion} events and the flattened {@code gen_ai.prompt.N.*} /
 * {@code gen_ai.completion.N.*} attributes (OpenLLMetry) are read too.
 *
 * <p>Mapping: trace id + span id → {@code id}; start time → {@code timestamp}; resource {@code service.name}
 * → {@code app}; the first output message (choice) → {@code response}, the others → {@code samples}. The
 * conventions define no token log-probs: a span may carry OpenAI's {@code logprobs} JSON in
 * {@code glassbox.logprobs}.
 */
public final class OtelGenAiAdapter {

  public static final String FORMAT = "otel.gen_ai";

  private static final Set<String> INFERENCE_OPERATIONS = Set.of("chat", "text_completion", "generate_content");
  private static final Set<String> MESSAGE_EVENTS = Set.of("gen_ai.system.message", "gen_ai.user.message",
      "gen_ai.assistant.message", "gen_ai.tool.message");

  private final CallCodec codec;
  private final String defaultApp;

  public OtelGenAiAdapter(CallCodec codec, String defaultApp) {
    this.codec = codec;
    this.defaultApp = defaultApp;
  }

  /** Whether a span is a GenAI model call (not an embedding, tool, agent or non-GenAI span). */
  public static boolean isLlmSpan(OtlpSpans.Span span) {
    String op = span.attribute("gen_ai.operation.name");
    if (op != null) return INFERENCE_OPERATIONS.contains(op);
    return span.attributes().containsKey("gen_ai.request.model") || span.attributes().containsKey("gen_ai.input.messages")
        || span.hasPrefix("gen_ai.prompt.") || span.events().stream().anyMatch(e -> MESSAGE_EVENTS.contains(e.name()));
  }

  /** Maps one span; never throws on bad input. */
  public Adapted adapt(OtlpSpans.Span span) {
    CallTree tree = new CallTree(FORMAT);
    try {
      map(span, tree);
    } catch (RuntimeException e) {
      tree.error(span.path(), "could not map: " + e.getClass().getSimpleName());
    }
    return tree.finish(codec);
  }

  private void map(OtlpSpans.Span span, CallTree tree) {
    SpanFields.common(span, defaultApp, tree);
    String model = span.attribute("gen_ai.response.model");
    if (model == null) model = span.attribute("gen_ai.request.model");
    if (model != null) tree.node.put("model", model);
    else tree.error(span.path() + ".attributes", "gen_ai.response.model or gen_ai.request.model required", "model");
    String provider = span.attribute("gen_ai.provider.name");
    if (provider == null) provider = span.attribute("gen_ai.system");
    if (provider != null) tree.attribute("provider", tree.node.textNode(provider));
    tree.attribute("operation", span.attributes().get("gen_ai.operation.name"));
    tree.attribute("finish_reasons", span.attributes().get("gen_ai.response.finish_reasons"));
    tree.attribute("input_tokens", span.attributes().get("gen_ai.usage.input_tokens"));
    tree.attribute("output_tokens", span.attributes().get("gen_ai.usage.output_tokens"));

    List<String> outputs = new ArrayList<>();
    String source = input(span, tree, outputs);
    if (tree.prompt.isEmpty()) {
      tree.error(span.path() + ".attributes", "no input messages: gen_ai.input.messages, gen_ai.*.message events "
          + "or gen_ai.prompt.* attributes required (is content capture on?)", "prompt");
    }
    if (outputs.isEmpty()) {
      tree.error(span.path() + ".attributes", "no output messages: gen_ai.output.messages, gen_ai.choice events "
          + "or gen_ai.completion.* attributes required", "response");
    } else {
      tree.node.put("response", outputs.get(0));
      if (outputs.size() > 1) {
        ArrayNode samples = tree.node.putArray("samples");
        outputs.subList(1, outputs.size()).forEach(samples::add);
      }
    }
    if (source != null) tree.attribute("content_source", tree.node.textNode(source));
    SpanFields.logprobs(span, tree);
  }

  /** Fills the prompt and {@code outputs} from whichever generation of the conventions the span uses. */
  private static String input(OtlpSpans.Span span, CallTree tree, List<String> outputs) {
    var attrs = span.attributes();
    if (attrs.containsKey("gen_ai.input.messages") || attrs.containsKey("gen_ai.output.messages")) {
      JsonNode sys = SpanFields.json(attrs.get("gen_ai.system_instructions"), "gen_ai.system_instructions", tree, "prompt");
      if (sys != null) {
        String text = parts(sys.isArray() ? sys : sys.path("parts"), "gen_ai.system_instructions", tree);
        if (text != null) tree.message("system", text);
      }
      messages(SpanFields.json(attrs.get("gen_ai.input.messages"), "gen_ai.input.messages", tree, "prompt"),
          "gen_ai.input.messages", tree, null);
      messages(SpanFields.json(attrs.get("gen_ai.output.messages"), "gen_ai.output.messages", tree, "response"),
          "gen_ai.output.messages", tree, outputs);
      return "attributes";
    }
    boolean events = false;
    TreeMap<Integer, String> choices = new TreeMap<>();
    for (OtlpSpans.Event e : span.events()) {
      String path = "events." + e.name();
      if (MESSAGE_EVENTS.contains(e.name())) {
        events = true;
        String role = e.name().substring("gen_ai.".length(), e.name().length() - ".message".length());
        JsonNode roleAttr = e.attributes().get("role");
        if (roleAttr != null && roleAttr.isTextual()) role = roleAttr.textValue();
        String text = message(eventBody(e, tree), path, tree);
        if (text == null) tree.warn(path + " has no content (content capture may be off); kept as an empty message");
        tree.message(role, text == null ? "" : text);
      } else if (e.name().equals("gen_ai.choice")) {
        events = true;
        JsonNode body = eventBody(e, tree);
        int index = body.path("index").asInt(choices.size());
        String text = message(body.has("message") ? SpanFields.json(body.get("message"), path, tree, "response") : body,
            path, tree);
        if (text != null) choices.put(index, text);
        else tree.warn("choice " + index + " has no content; left out");
      } else if (e.name().equals("gen_ai.content.prompt") || e.name().equals("gen_ai.content.completion")) {
        events = true;
        boolean prompt = e.name().endsWith("prompt");
        String key = prompt ? "gen_ai.prompt" : "gen_ai.completion";
        messages(SpanFields.json(e.attributes().get(key), path + "." + key, tree, prompt ? "prompt" : "response"),
            path + "." + key, tree, prompt ? null : outputs);
      }
    }
    outputs.addAll(choices.values());
    if (events) return "events";
    if (span.hasPrefix("gen_ai.prompt.") || span.hasPrefix("gen_ai.completion.")) {
      Flattened.messages(span, "gen_ai.prompt.", "", tree, null);
      Flattened.messages(span, "gen_ai.completion.", "", tree, outputs);
      return "flattened attributes";
    }
    return null;
  }

  /** An event's content: its attributes as an object, or the JSON held in a {@code body}/{@code event.body} attribute. */
  private static JsonNode eventBody(OtlpSpans.Event e, CallTree tree) {
    for (String key : List.of("body", "event.body", "gen_ai.event.content")) {
      JsonNode b = e.attributes().get(key);
      if (b != null && !b.isNull()) {
        JsonNode parsed = SpanFields.json(b, "events." + e.name() + "." + key, tree, "prompt");
        if (parsed != null && parsed.isObject()) return parsed;
      }
    }
    return tree.node.objectNode().setAll(e.attributes());
  }

  /**
   * Reads a list of messages; with {@code outputs} each message is a choice and goes there, otherwise it
   * becomes a prompt message.
   */
  private static void messages(JsonNode list, String path, CallTree tree, List<String> outputs) {
    if (list == null) return;
    if (!list.isArray()) {
      tree.error(path, "must be an array of messages", outputs == null ? "prompt" : "response");
      return;
    }
    for (int i = 0; i < list.size(); i++) {
      JsonNode m = list.get(i);
      String p = path + "[" + i + "]";
      if (!m.isObject()) {
        tree.error(p, "must be an object with role and parts", outputs == null ? "prompt" : "response");
        continue;
      }
      String text = message(m, p, tree);
      if (outputs != null) {
        if (text != null) outputs.add(text);
        else tree.warn(p + " has no text; left out");
      } else {
        if (text == null) tree.warn(p + " has no text; kept as an empty message");
        tree.message(m.path("role").asText("user"), text == null ? "" : text);
      }
    }
  }

  /** The text of one message in any of the shapes: {@code parts[]}, {@code content} string or parts, tool calls. */
  private static String message(JsonNode m, String path, CallTree tree) {
    if (m == null || !m.isObject()) return null;
    String text = null;
    if (m.has("parts")) text = parts(m.get("parts"), path + ".parts", tree);
    else if (m.has("content")) {
      JsonNode c = m.get("content");
      text = c.isTextual() ? c.textValue() : c.isArray() ? parts(c, path + ".content", tree) : null;
    }
    return MessageText.join(text, MessageText.toolCalls(m));
  }

  /** Text of GenAI message parts; tool calls and responses are written out, other kinds dropped with a warning. */
  private static String parts(JsonNode parts, String path, CallTree tree) {
    if (parts == null || !parts.isArray()) return null;
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < parts.size(); i++) {
      JsonNode p = parts.get(i);
      String type = p.path("type").asText("text");
      String text = switch (type) {
        case "text" -> p.path("content").isTextual() ? p.get("content").textValue()
            : p.path("text").isTextual() ? p.get("text").textValue() : null;
        case "tool_call" -> {
          StringBuilder c = new StringBuilder();
          MessageText.appendCall(c, p.path("name").asText("?"), p.get("arguments"));
          yield c.toString();
        }
        case "tool_call_response" -> {
          JsonNode r = p.get("response");
          yield r == null || r.isNull() ? null : r.isTextual() ? r.textValue() : dev.glassbox.core.json.Json.string(r);
        }
        default -> null;
      };
      if (text == null) {
        tree.warn(path + "[" + i + "]: " + type + " part dropped (only text, tool calls and tool results are kept)");
        continue;
      }
      if (sb.length() > 0) sb.append('\n');
      sb.append(text);
    }
    return sb.length() == 0 ? null : sb.toString();
  }
}
