package dev.glassbox.core.adapt;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Lists flattened into span attributes with zero-based indices, e.g. {@code llm.input_messages.0.message.role}. */
final class Flattened {

  private Flattened() {}

  /** The indices used under {@code prefix} (e.g. {@code "llm.input_messages."}), in order. */
  static TreeSet<Integer> indices(Map<String, JsonNode> attrs, String prefix) {
    TreeSet<Integer> out = new TreeSet<>();
    Pattern p = Pattern.compile(Pattern.quote(prefix) + "(\\d{1,6})\\..*");
    for (String k : attrs.keySet()) {
      Matcher m = p.matcher(k);
      if (m.matches()) out.add(Integer.parseInt(m.group(1)));
    }
    return out;
  }

  static String text(Map<String, JsonNode> attrs, String key) {
    JsonNode v = attrs.get(key);
    return v != null && v.isValueNode() && !v.isNull() ? v.asText() : null;
  }

  /**
   * Reads messages {@code <prefix><i>.<infix>role / content / contents.<j>.message_content.text /
   * tool_calls.<j>.tool_call.function.name|arguments}; with {@code outputs} each message is a choice.
   */
  static void messages(OtlpSpans.Span span, String prefix, String infix, CallTree tree, List<String> outputs) {
    Map<String, JsonNode> attrs = span.attributes();
    for (int i : indices(attrs, prefix)) {
      String base = prefix + i + "." + infix;
      String role = text(attrs, base + "role");
      String text = text(attrs, base + "content");
      if (text == null) {
        StringBuilder sb = new StringBuilder();
        TreeMap<Integer, String> parts = new TreeMap<>();
        for (int j : indices(attrs, base + "contents.")) {
          String pb = base + "contents." + j + ".message_content.";
          String type = text(attrs, pb + "type");
          String t = text(attrs, pb + "text");
          if (t != null) parts.put(j, t);
          else tree.warn(base + "contents." + j + ": " + (type == null ? "untyped" : type) + " part dropped (only text is kept)");
        }
        parts.values().forEach(t -> sb.append(sb.length() > 0 ? "\n" : "").append(t));
        if (sb.length() > 0) text = sb.toString();
      }
      StringBuilder calls = new StringBuilder();
      for (int j : indices(attrs, base + "tool_calls.")) {
        String cb = base + "tool_calls." + j + ".tool_call.function.";
        String name = text(attrs, cb + "name");
        MessageText.appendCall(calls, name == null ? "?" : name, attrs.get(cb + "arguments"));
      }
      text = MessageText.join(text, calls.length() == 0 ? null : calls.toString());
      if (outputs != null) {
        if (text != null) outputs.add(text);
        else tree.warn(prefix + i + " has no text; left out");
      } else {
        if (text == null) tree.warn(prefix + i + " has no text; kept as an empty message");
        tree.message(role == null ? "user" : role, text == null ? "" : text);
      }
    }
  }
}
