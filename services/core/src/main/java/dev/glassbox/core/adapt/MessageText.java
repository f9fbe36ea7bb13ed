package dev.glassbox.core.adapt;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.core.json.Json;

/** Text of message content in the shapes the formats use, with tool calls written out so signals can read them. */
final class MessageText {

  private MessageText() {}

  /**
   * OpenAI content: a string, or a list of parts of which {@code text} (and {@code refusal}) parts are
   * kept; each dropped part adds a warning naming {@code path}. Returns {@code null} when there is no text.
   */
  static String openAiContent(JsonNode content, String path, CallTree tree) {
    if (content == null || content.isNull() || content.isMissingNode()) return null;
    if (content.isTextual()) return content.textValue();
    if (!content.isArray()) {
      tree.error(path, "must be a string or an array of content parts", "prompt");
      return null;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < content.size(); i++) {
      JsonNode part = content.get(i);
      String type = part.path("type").asText("");
      JsonNode text = "refusal".equals(type) ? part.get("refusal") : part.get("text");
      if (text != null && text.isTextual()) {
        if (sb.length() > 0) sb.append('\n');
        sb.append(text.textValue());
      } else {
        tree.warn(path + "[" + i + "]: " + (type.isEmpty() ? "untyped" : type) + " part dropped (only text is kept)");
      }
    }
    return sb.length() == 0 ? null : sb.toString();
  }

  /** OpenAI {@code tool_calls} (or legacy {@code function_call}) as readable lines, {@code null} when there are none. */
  static String toolCalls(JsonNode message) {
    StringBuilder sb = new StringBuilder();
    JsonNode calls = message.get("tool_calls");
    if (calls != null && calls.isArray()) {
      for (JsonNode c : calls) {
        JsonNode f = c.has("function") ? c.get("function") : c;
        appendCall(sb, f.path("name").asText("?"), f.get("arguments"));
      }
    }
    JsonNode fc = message.get("function_call");
    if (fc != null && fc.isObject()) appendCall(sb, fc.path("name").asText("?"), fc.get("arguments"));
    return sb.length() == 0 ? null : sb.toString();
  }

  static void appendCall(StringBuilder sb, String name, JsonNode arguments) {
    if (sb.length() > 0) sb.append('\n');
    String args = arguments == null || arguments.isNull() || arguments.isMissingNode() ? ""
        : arguments.isTextual() ? arguments.textValue() : Json.string(arguments);
    sb.append("[tool call] ").append(name).append('(').append(args).append(')');
  }

  /** Joins two optional texts with a newline. */
  static String join(String a, String b) {
    if (a == null) return b;
    if (b == null) return a;
    return a + "\n" + b;
  }
}
