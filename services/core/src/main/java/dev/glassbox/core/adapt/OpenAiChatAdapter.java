package dev.glassbox.core.adapt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.glassbox.core.call.CallCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Maps one logged OpenAI {@code {request, response}} pair to a call, for chat completions and legacy
 * completions.
 *
 * <p>Follows the OpenAI API reference (REST API, OpenAPI document 2.3.0): {@code POST /v1/chat/completions}
 * request {@code messages[]} (string or content-part {@code content}; roles {@code system}, {@code developer},
 * {@code user}, {@code assistant} with {@code tool_calls}, {@code tool}, {@code function}), the
 * {@code chat.completion} object ({@code id}, {@code created}, {@code model}, {@code choices[].message},
 * {@code choices[].logprobs.content[]} of {@code ChatCompletionTokenLogprob}), and the legacy
 * {@code text_completion} object ({@code choices[].text}, {@code logprobs.tokens/token_logprobs/top_logprobs}).
 *
 * <p>Mapping: request messages → {@code prompt} (every role kept, tool calls written out as text);
 * {@code choices[0]} → {@code response} and its log-probs → {@code logprobs}; the other choices →
 * {@code samples}; {@code response.id} → {@code id}; {@code created} → {@code timestamp}. The pair may also
 * carry Glassbox fields beside {@code request} and {@code response}: {@code id}, {@code timestamp},
 * {@code app}, {@code tenant}, {@code context}, {@code attributes}, {@code labels} (they win over the
 * mapped values). Without an {@code app} the request's {@code metadata.app} is used, then the default.
 */
public final class OpenAiChatAdapter {

  public static final String FORMAT_CHAT = "openai.chat_completions";
  public static final String FORMAT_LEGACY = "openai.completions";

  private final CallCodec codec;
  private final String defaultApp;

  public OpenAiChatAdapter(CallCodec codec, String defaultApp) {
    this.codec = codec;
    this.defaultApp = defaultApp;
  }

  public OpenAiChatAdapter() {
    this(new CallCodec(), "openai");
  }

  /** Maps one pair; never throws on bad input. */
  public Adapted adapt(JsonNode pair) {
    if (pair == null || !pair.isObject()) {
      return Adapted.rejected(null, List.of(new dev.glassbox.core.call.FieldError("$",
          "must be a JSON object {\"request\": ..., \"response\": ...}")));
    }
    JsonNode request = pair.path("request");
    JsonNode response = pair.path("response");
    boolean legacy = "text_completion".equals(response.path("object").asText())
        || response.path("choices").path(0).has("text") || request.has("prompt") && !request.has("messages");
    CallTree tree = new CallTree(legacy ? FORMAT_LEGACY : FORMAT_CHAT);
    try {
      map(pair, request, response, legacy, tree);
    } catch (RuntimeException e) {
      // A shape no check above foresaw: still an answer about this record, never an escaping exception.
      tree.error("$", "could not map: " + e.getClass().getSimpleName());
    }
    return tree.finish(codec);
  }

  private void map(JsonNode pair, JsonNode request, JsonNode response, boolean legacy, CallTree tree) {
    if (!request.isObject()) tree.error("request", "required: the logged request body (an object)", "prompt");
    if (!response.isObject()) {
      tree.error("response", "required: the logged response body (an object)", "response");
      tree.cover("id", "timestamp", "model", "app");
      return;
    }
    if ("chat.completion.chunk".equals(response.path("object").asText())) {
      tree.error("response.object", "streamed chunks are not supported: log the assembled chat.completion", "response");
      tree.cover("id", "timestamp", "model", "app", "prompt");
      return;
    }
    // id, timestamp, model, app, tenant
    text(tree, "id", pair.get("id"), response.get("id"), "response.id");
    if (pair.hasNonNull("timestamp")) {
      tree.node.set("timestamp", pair.get("timestamp"));
    } else if (response.path("created").canConvertToLong()) {
      tree.node.put("timestamp", Instant.ofEpochSecond(response.get("created").longValue()).toString());
    } else {
      tree.error("response.created", "required (unix seconds) unless the pair has a timestamp", "timestamp");
    }
    if (response.hasNonNull("model")) tree.node.set("model", response.get("model"));
    else if (request.hasNonNull("model")) tree.node.set("model", request.get("model"));
    else tree.error("response.model", "required (or request.model)", "model");
    if (pair.hasNonNull("app")) {
      tree.node.set("app", pair.get("app"));
    } else if (request.path("metadata").path("app").isTextual()) {
      tree.node.set("app", request.get("metadata").get("app"));
    } else {
      tree.node.put("app", defaultApp);
      tree.warn("no app given; used '" + defaultApp + "'");
    }
    if (pair.hasNonNull("tenant")) tree.node.set("tenant", pair.get("tenant"));
    if (pair.has("context")) tree.node.set("context", pair.get("context"));
    if (pair.has("labels")) tree.node.set("labels", pair.get("labels"));
    tree.attributes(pair.get("attributes"));

    if (legacy) legacyPrompt(request, tree);
    else chatPrompt(request, tree);
    choices(request, response, legacy, tree);
  }

  private static void text(CallTree tree, String field, JsonNode preferred, JsonNode mapped, String mappedPath) {
    if (preferred != null && !preferred.isNull()) tree.node.set(field, preferred);
    else if (mapped != null && !mapped.isNull()) tree.node.set(field, mapped);
    else tree.error(mappedPath, "required unless the pair has an " + field, field);
  }

  private static void chatPrompt(JsonNode request, CallTree tree) {
    JsonNode messages = request.get("messages");
    if (messages == null || !messages.isArray() || messages.isEmpty()) {
      if (request.isObject()) tree.error("request.messages", "required: a non-empty array of messages", "prompt");
      return;
    }
    for (int i = 0; i < messages.size(); i++) {
      String path = "request.messages[" + i + "]";
      JsonNode m = messages.get(i);
      if (!m.isObject()) {
        tree.error(path, "must be an object with role and content", "prompt");
        continue;
      }
      String role = m.path("role").asText(null);
      if (role == null) {
        tree.error(path + ".role", "required", "prompt");
        continue;
      }
      String text = MessageText.join(MessageText.openAiContent(m.get("content"), path + ".content", tree),
          MessageText.toolCalls(m));
      if (text == null) {
        tree.warn(path + " (" + role + ") has no text; kept as an empty message");
        text = "";
      }
      tree.message(role, text);
    }
  }

  private static void legacyPrompt(JsonNode request, CallTree tree) {
    JsonNode prompt = request.get("prompt");
    if (prompt != null && prompt.isArray() && !prompt.isEmpty() && prompt.get(0).isTextual()) {
      if (prompt.size() > 1) tree.warn("request.prompt holds " + prompt.size() + " prompts; only the first is kept");
      prompt = prompt.get(0);
    }
    if (prompt == null || !prompt.isTextual()) {
      if (request.isObject()) tree.error("request.prompt", "required: a string (token-id prompts cannot be read)", "prompt");
      return;
    }
    tree.message("user", prompt.textValue());
  }

  private static void choices(JsonNode request, JsonNode response, boolean legacy, CallTree tree) {
    JsonNode choices = response.get("choices");
    if (choices == null || !choices.isArray() || choices.isEmpty()) {
      tree.error("response.choices", "required: a non-empty array", "response");
      return;
    }
    List<JsonNode> ordered = new ArrayList<>();
    choices.forEach(ordered::add);
    ordered.sort(Comparator.comparingInt(c -> c.path("index").asInt(Integer.MAX_VALUE)));
    ArrayNode samples = tree.node.putArray("samples");
    List<Integer> droppedLogprobs = new ArrayList<>();
    for (int i = 0; i < ordered.size(); i++) {
      JsonNode choice = ordered.get(i);
      int index = choice.path("index").asInt(i);
      String path = "response.choices[" + index + "]";
      String text = legacy ? choice.path("text").asText(null) : choiceText(choice, path, tree);
      if (i == 0) {
        if (text == null) {
          tree.error(path, legacy ? "text: required" : "message: needs content, a refusal or tool calls", "response");
          continue;
        }
        tree.node.put("response", text);
        ArrayNode lps = legacy ? OpenAiLogprobs.legacy(choice.get("logprobs"), path + ".logprobs", tree)
            : OpenAiLogprobs.chat(choice.get("logprobs"), path + ".logprobs", tree);
        if (lps != null && !lps.isEmpty()) tree.node.set("logprobs", lps);
        else if (requestedLogprobs(request, legacy)) tree.warn("logprobs requested but missing for choice " + index);
      } else {
        if (text == null) {
          tree.warn("choice " + index + " has no text; left out of samples");
          continue;
        }
        samples.add(text);
        JsonNode lp = choice.get("logprobs");
        if (lp != null && !lp.isNull()) droppedLogprobs.add(index);
      }
    }
    if (samples.isEmpty()) tree.node.remove("samples");
    if (!droppedLogprobs.isEmpty()) {
      tree.warn("logprobs of choices " + droppedLogprobs + " dropped: call v1 keeps log-probs for the response only");
    }
    int n = request.path("n").asInt(1);
    if (n > ordered.size()) tree.warn("request asked n=" + n + " but the response has " + ordered.size() + " choices");
  }

  /** The text of a chat choice: content, else the refusal, else its tool calls written out. */
  private static String choiceText(JsonNode choice, String path, CallTree tree) {
    JsonNode message = choice.path("message");
    if (!message.isObject()) return null;
    String content = MessageText.openAiContent(message.get("content"), path + ".message.content", tree);
    if (content == null && message.path("refusal").isTextual()) {
      tree.warn(path + " is a refusal; its text is used");
      content = message.get("refusal").textValue();
    }
    String calls = MessageText.toolCalls(message);
    if (calls != null && content == null) tree.warn(path + " is a tool call; written out as text");
    return MessageText.join(content, calls);
  }

  private static boolean requestedLogprobs(JsonNode request, boolean legacy) {
    JsonNode lp = request.path("logprobs");
    return legacy ? lp.isNumber() : lp.asBoolean(false);
  }
}
