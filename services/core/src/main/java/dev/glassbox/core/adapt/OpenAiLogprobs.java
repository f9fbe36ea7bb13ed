package dev.glassbox.core.adapt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.core.json.Json;
import java.util.Iterator;
import java.util.Map;

/**
 * Reads OpenAI's two log-prob shapes into call v1's {@code logprobs} list: chat completions'
 * {@code logprobs.content[] = {token, logprob, bytes, top_logprobs[]}} and legacy completions'
 * parallel lists {@code tokens}, {@code token_logprobs}, {@code top_logprobs} (one token→logprob map per
 * position). Values are copied as they are; the codec then checks them like native ones.
 */
final class OpenAiLogprobs {

  private OpenAiLogprobs() {}

  /** Chat shape: {@code {"content": [...]}} or the bare list; returns {@code null} when there are none. */
  static ArrayNode chat(JsonNode logprobs, String path, CallTree tree) {
    if (logprobs == null || logprobs.isNull() || logprobs.isMissingNode()) return null;
    JsonNode content = logprobs.isArray() ? logprobs : logprobs.get("content");
    if (content == null || content.isNull()) return null;
    if (!content.isArray()) {
      tree.error(path + ".content", "must be an array of {token, logprob, top_logprobs}", "logprobs");
      return null;
    }
    ArrayNode out = Json.mapper().createArrayNode();
    for (JsonNode t : content) {
      if (!t.isObject()) {
        out.add(t); // the codec names the bad entry with its index
        continue;
      }
      ObjectNode o = out.addObject();
      copy(o, "token", t.get("token"));
      copy(o, "logprob", t.get("logprob"));
      JsonNode top = t.get("top_logprobs");
      if (top != null && top.isArray() && !top.isEmpty()) {
        ArrayNode a = o.putArray("top_logprobs");
        for (JsonNode alt : top) {
          if (!alt.isObject()) {
            a.add(alt);
            continue;
          }
          ObjectNode b = a.addObject();
          copy(b, "token", alt.get("token"));
          copy(b, "logprob", alt.get("logprob"));
        }
      } else if (top != null && !top.isNull() && !top.isArray()) {
        o.set("top_logprobs", top);
      }
    }
    return out;
  }

  /** Copies a field that is present; an absent one is left for the codec to report as required. */
  static void copy(ObjectNode o, String key, JsonNode value) {
    if (value != null && !value.isMissingNode()) o.set(key, value);
  }

  /** Legacy completions shape; returns {@code null} when there are none. */
  static ArrayNode legacy(JsonNode logprobs, String path, CallTree tree) {
    if (logprobs == null || logprobs.isNull() || logprobs.isMissingNode()) return null;
    JsonNode tokens = logprobs.get("tokens");
    JsonNode values = logprobs.get("token_logprobs");
    JsonNode tops = logprobs.get("top_logprobs");
    if (tokens == null || !tokens.isArray() || values == null || !values.isArray()) {
      tree.error(path, "legacy log-probs need the arrays tokens and token_logprobs", "logprobs");
      return null;
    }
    if (tokens.size() != values.size()) {
      tree.error(path, "tokens (" + tokens.size() + ") and token_logprobs (" + values.size()
          + ") differ in length", "logprobs");
      return null;
    }
    ArrayNode out = Json.mapper().createArrayNode();
    int nulls = 0;
    for (int i = 0; i < tokens.size(); i++) {
      if (values.get(i).isNull()) {
        nulls++; // the first token of an echoed prompt has no log-prob
        continue;
      }
      ObjectNode o = out.addObject();
      o.set("token", tokens.get(i));
      o.set("logprob", values.get(i));
      JsonNode top = tops != null && tops.isArray() && i < tops.size() ? tops.get(i) : null;
      if (top != null && top.isObject() && !top.isEmpty()) {
        ArrayNode a = o.putArray("top_logprobs");
        for (Iterator<Map.Entry<String, JsonNode>> it = top.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          a.addObject().put("token", e.getKey()).set("logprob", e.getValue());
        }
      }
    }
    if (nulls > 0) tree.warn(nulls + " token(s) without a log-prob (null in token_logprobs) left out");
    return out;
  }
}
