package dev.glassbox.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.core.call.Limits;
import dev.glassbox.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded generator of call v1 records, valid and hostile: the same seed gives the same records. Each record says
 * whether it must be accepted and, if not, the field path its rejection must name.
 */
final class HostileCalls {

  /**
   * The valid calls' timestamp: this JVM's start, so that the store's 90-day retention never deletes them, and
   * the same for every call made here (a seed gives the same records).
   */
  private static final String NOW = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();

  /** A rejection that is about the JSON text itself, not a field: HTTP names the line, the DLQ says "invalid JSON". */
  static final String INVALID_JSON = "<invalid JSON>";
  /** A timestamp JSON can name but PostgreSQL cannot store. */
  static final String FAR_FUTURE = "+999999999-12-31T23:59:59Z";
  static final String INVALID_UTF8 = "<invalid UTF-8>";

  /**
   * One generated record.
   *
   * @param expectedPath the error path the rejection must hold (or {@link #INVALID_JSON} / {@link #INVALID_UTF8});
   *     null for a valid record
   */
  record Hostile(String category, String id, byte[] bytes, String expectedPath) {
    boolean valid() {
      return expectedPath == null;
    }

    String text() {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  private static final Limits L = Limits.DEFAULT;
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /** Categories of bad records, each with its weight in the mix (cheap ones often, big ones rarely). */
  private static final Map<String, Integer> BAD = new LinkedHashMap<>();
  /** Categories of valid records: plain ones often, records exactly at each limit rarely. */
  private static final Map<String, Integer> GOOD = new LinkedHashMap<>();

  static {
    BAD.put("invalid-json", 12);
    BAD.put("not-an-object", 6);
    BAD.put("wrong-type", 20);
    BAD.put("missing-field", 16);
    BAD.put("blank-or-control-id", 4);
    BAD.put("bad-timestamp", 4);
    BAD.put("id-over-limit", 4);
    BAD.put("name-over-limit", 4);
    BAD.put("message-without-content", 4);
    BAD.put("attributes-too-deep", 4);
    BAD.put("json-too-deep", 3);
    BAD.put("nan-logprob-literal", 3);
    BAD.put("nan-logprob-string", 3);
    BAD.put("positive-logprob", 4);
    BAD.put("infinite-logprob", 3);
    BAD.put("top-logprobs-over-limit", 3);
    BAD.put("samples-over-limit", 2);
    BAD.put("context-over-limit", 2);
    BAD.put("prompt-over-limit", 2);
    BAD.put("10k-samples", 1);
    BAD.put("10k-passages", 1);
    BAD.put("10k-messages", 1);
    BAD.put("text-over-limit", 1);
    GOOD.put("plain", 30);
    GOOD.put("extra-fields", 6);
    GOOD.put("id-at-limit", 2);
    GOOD.put("name-at-limit", 2);
    GOOD.put("attributes-at-depth-limit", 2);
    GOOD.put("top-logprobs-at-limit", 2);
    GOOD.put("samples-at-limit", 1);
    GOOD.put("10k-logprobs", 1);
  }

  /** Valid categories sent once each, on purpose, before the random mix: too costly to explain often. */
  static final List<String> ONCE = List.of("context-at-limit", "prompt-at-limit", "text-at-limit",
      "logprobs-at-limit");

  private final Random random;
  private final String idPrefix;
  private final List<String> questions;
  private int seq;

  HostileCalls(long seed, String idPrefix) {
    this.random = new Random(seed);
    this.idPrefix = idPrefix;
    this.questions = List.of("Which magazine was started first?", "Where is the Eiffel Tower?",
        "Who wrote Hamlet?", "What is the capital of Peru?", "When did the Berlin Wall fall?");
  }

  /** {@code n} records, each bad with probability {@code badShare}. */
  List<Hostile> mix(int n, double badShare) {
    List<Hostile> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) out.add(random.nextDouble() < badShare ? bad(pick(BAD)) : good(pick(GOOD)));
    return out;
  }

  private String pick(Map<String, Integer> weights) {
    int total = weights.values().stream().mapToInt(Integer::intValue).sum();
    int r = random.nextInt(total);
    for (Map.Entry<String, Integer> e : weights.entrySet()) {
      r -= e.getValue();
      if (r < 0) return e.getKey();
    }
    throw new AssertionError();
  }

  private String nextId() {
    return idPrefix + String.format("%06d", seq++);
  }

  private ObjectNode base(String id) {
    String q = questions.get(random.nextInt(questions.size()));
    ObjectNode n = F.objectNode();
    n.put("id", id);
    n.put("timestamp", NOW);
    n.put("app", "hostile-test");
    n.put("model", "m-" + random.nextInt(3));
    n.putArray("prompt").addObject().put("role", "user").put("content", q);
    n.put("response", "The answer is " + random.nextInt(1000) + ".");
    if (random.nextBoolean()) {
      n.putArray("context").addObject().put("id", "kb-1").put("text", "The answer to " + q + " is known.");
    }
    if (random.nextBoolean()) {
      ArrayNode lp = n.putArray("logprobs");
      lp.addObject().put("token", "The").put("logprob", -0.1 * random.nextInt(10));
      lp.addObject().put("token", " answer").put("logprob", -0.05);
    }
    return n;
  }

  /** A valid record of the category; it must be accepted and explained. */
  Hostile good(String category) {
    String id = nextId();
    ObjectNode n = base(id);
    switch (category) {
      case "plain" -> { }
      case "extra-fields" -> {
        // Unknown fields are ignored (forward compatibility), anywhere in the call.
        n.put("x_unknown", random.nextInt());
        n.putObject("x_extra").put("nested", true);
        ((ObjectNode) n.get("prompt").get(0)).put("name", "extra");
      }
      case "id-at-limit" -> {
        id = (id + "-" + "i".repeat(L.maxIdChars())).substring(0, L.maxIdChars());
        n.put("id", id);
      }
      case "name-at-limit" -> n.put("model", "m".repeat(L.maxNameChars()));
      case "attributes-at-depth-limit" -> n.set("attributes", nested(L.maxDepth()));
      case "top-logprobs-at-limit" -> n.set("logprobs", logprobs(3, L.maxTopLogprobs()));
      case "samples-at-limit" -> {
        ArrayNode s = n.putArray("samples");
        for (int i = 0; i < L.maxSamples(); i++) s.add("The answer is " + i + ".");
      }
      case "10k-logprobs" -> n.set("logprobs", logprobs(10_000, 1));
      case "context-at-limit" -> {
        ArrayNode c = n.putArray("context");
        for (int i = 0; i < L.maxPassages(); i++) c.addObject().put("id", "p" + i).put("text", "Passage " + i + ".");
      }
      case "prompt-at-limit" -> {
        ArrayNode p = n.putArray("prompt");
        for (int i = 0; i < L.maxMessages(); i++) {
          p.addObject().put("role", i % 2 == 0 ? "user" : "assistant").put("content", "Turn " + i + ".");
        }
      }
      case "text-at-limit" -> n.put("response", words(L.maxTextChars()));
      case "logprobs-at-limit" -> n.set("logprobs", logprobs(L.maxTokens(), 1));
      default -> throw new IllegalArgumentException(category);
    }
    return new Hostile(category, id, Json.bytes(n), null);
  }

  /** A record that must be rejected, naming {@code expectedPath}. */
  Hostile bad(String category) {
    String id = nextId();
    ObjectNode n = base(id);
    String path;
    switch (category) {
      case "invalid-json" -> {
        String text = Json.mapper().valueToTree(n).toString();
        int cut = 1 + random.nextInt(text.length() - 2);
        return new Hostile(category, id, text.substring(0, cut).getBytes(StandardCharsets.UTF_8), INVALID_JSON);
      }
      case "not-an-object" -> {
        String[] values = {"42", "\"a call\"", "[1, 2, 3]", "null", "true"};
        return new Hostile(category, id, values[random.nextInt(values.length)].getBytes(StandardCharsets.UTF_8), "$");
      }
      case "wrong-type" -> {
        String[] fields = {"id", "timestamp", "app", "model", "tenant", "prompt", "response", "context", "logprobs",
            "samples", "attributes", "labels"};
        JsonNode[] wrong = {F.numberNode(42), F.booleanNode(true), F.arrayNode().add(1), F.numberNode(-1.5)};
        path = fields[random.nextInt(fields.length)];
        JsonNode value = wrong[random.nextInt(wrong.length)];
        // An array is a valid prompt/context/logprobs/samples shape; give those an object instead.
        if (value.isArray() && List.of("prompt", "context", "logprobs", "samples").contains(path)) {
          value = F.objectNode().put("x", 1);
        }
        n.set(path, value);
      }
      case "missing-field" -> {
        String[] required = {"id", "timestamp", "app", "model", "prompt", "response"};
        path = required[random.nextInt(required.length)];
        n.remove(path);
      }
      case "blank-or-control-id" -> {
        n.put("id", random.nextBoolean() ? "   " : id + "\u0001");
        path = "id";
      }
      case "bad-timestamp" -> {
        // The last one parses, but lies outside the accepted range (PostgreSQL could not store it).
        n.put("timestamp", List.of("yesterday", "2026-13-45T99:00:00Z", FAR_FUTURE).get(random.nextInt(3)));
        path = "timestamp";
      }
      case "id-over-limit" -> {
        n.put("id", (id + "-" + "o".repeat(L.maxIdChars())).substring(0, L.maxIdChars() + 1));
        path = "id";
      }
      case "name-over-limit" -> {
        path = random.nextBoolean() ? "app" : "tenant";
        n.put(path, "n".repeat(L.maxNameChars() + 1));
      }
      case "message-without-content" -> {
        ((ObjectNode) n.get("prompt").get(0)).remove("content");
        path = "prompt[0].content";
      }
      case "attributes-too-deep" -> {
        n.set("attributes", nested(L.maxDepth() + 1));
        path = "attributes";
      }
      case "json-too-deep" -> {
        // Past the parser's overall nesting limit: not even a JSON tree can be built from it.
        String text = Json.mapper().valueToTree(n).toString();
        String deep = "[".repeat(200) + "]".repeat(200);
        return new Hostile(category, id, (text.substring(0, text.length() - 1) + ", \"labels\": {\"x\": " + deep
            + "}}").getBytes(StandardCharsets.UTF_8), INVALID_JSON);
      }
      case "nan-logprob-literal" -> {
        n.remove("logprobs");
        String text = Json.mapper().valueToTree(n).toString();
        return new Hostile(category, id, (text.substring(0, text.length() - 1)
            + ", \"logprobs\": [{\"token\": \"x\", \"logprob\": NaN}]}").getBytes(StandardCharsets.UTF_8), INVALID_JSON);
      }
      case "nan-logprob-string" -> path = badLogprob(n, F.textNode("NaN"));
      case "positive-logprob" -> path = badLogprob(n, F.numberNode(0.25 + random.nextInt(5)));
      case "infinite-logprob" -> {
        n.remove("logprobs");
        String text = Json.mapper().valueToTree(n).toString();
        return new Hostile(category, id, (text.substring(0, text.length() - 1)
            + ", \"logprobs\": [{\"token\": \"x\", \"logprob\": -1e400}]}").getBytes(StandardCharsets.UTF_8),
            "logprobs[0].logprob");
      }
      case "top-logprobs-over-limit" -> {
        n.set("logprobs", logprobs(2, L.maxTopLogprobs() + 1));
        path = "logprobs[0].top_logprobs";
      }
      case "samples-over-limit" -> path = array(n, "samples", L.maxSamples() + 1);
      case "context-over-limit" -> path = array(n, "context", L.maxPassages() + 1);
      case "prompt-over-limit" -> path = array(n, "prompt", L.maxMessages() + 1);
      case "10k-samples" -> path = array(n, "samples", 10_000);
      case "10k-passages" -> path = array(n, "context", 10_000);
      case "10k-messages" -> path = array(n, "prompt", 10_000);
      case "text-over-limit" -> {
        n.put("response", words(L.maxTextChars() + 1));
        path = "response";
      }
      default -> throw new IllegalArgumentException(category);
    }
    return new Hostile(category, id, Json.bytes(n), path);
  }

  /** Bytes that are not UTF-8: a lead byte without its continuation inside a string. */
  Hostile invalidUtf8() {
    String id = nextId();
    byte[] ok = Json.bytes(base(id));
    byte[] bytes = new byte[ok.length + 1];
    int at = ok.length - 2; // inside the last string value, before its closing quote and brace
    System.arraycopy(ok, 0, bytes, 0, at);
    bytes[at] = (byte) 0xC3;
    System.arraycopy(ok, at, bytes, at + 1, ok.length - at);
    return new Hostile("invalid-utf8", id, bytes, INVALID_UTF8);
  }

  private String badLogprob(ObjectNode n, JsonNode value) {
    ArrayNode lp = logprobs(3, 0);
    int i = random.nextInt(3);
    ((ObjectNode) lp.get(i)).set("logprob", value);
    n.set("logprobs", lp);
    return "logprobs[" + i + "].logprob";
  }

  private static String array(ObjectNode n, String field, int size) {
    ArrayNode a = n.putArray(field);
    for (int i = 0; i < size; i++) {
      switch (field) {
        case "samples" -> a.add("s" + i);
        case "context" -> a.addObject().put("id", "p" + i).put("text", "t" + i);
        default -> a.addObject().put("role", "user").put("content", "m" + i);
      }
    }
    return field;
  }

  private static ArrayNode logprobs(int tokens, int top) {
    ArrayNode lp = F.arrayNode();
    for (int i = 0; i < tokens; i++) {
      ObjectNode t = lp.addObject().put("token", i == 0 ? "The" : " w").put("logprob", -0.01 * (i % 50));
      if (top > 0) {
        ArrayNode tl = t.putArray("top_logprobs");
        for (int k = 0; k < top; k++) tl.addObject().put("token", "t" + k).put("logprob", -0.01 * (i % 50) - k);
      }
    }
    return lp;
  }

  /** {@code depth} nested objects: {@code {"a": {"a": ... {"leaf": 1}}}} counts as depth levels. */
  private static ObjectNode nested(int depth) {
    ObjectNode root = F.objectNode();
    ObjectNode cur = root;
    for (int i = 1; i < depth; i++) cur = cur.putObject("a");
    cur.put("leaf", 1);
    return root;
  }

  /** Words and spaces, no sentence ends, exactly {@code chars} characters. */
  private static String words(int chars) {
    StringBuilder sb = new StringBuilder(chars + 8);
    while (sb.length() < chars) sb.append("lorem ipsum ");
    sb.setLength(chars);
    return sb.toString();
  }
}
