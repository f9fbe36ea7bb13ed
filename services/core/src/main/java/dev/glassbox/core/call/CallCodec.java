package dev.glassbox.core.call;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.core.json.Json;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses and validates call v1 JSON, reporting every field error at once, and writes calls back as JSON.
 * Unknown top-level fields are ignored so that producers can add fields before a contract change.
 */
public final class CallCodec {

  private final Limits limits;
  private final Clock clock;
  private final ObjectMapper mapper = Json.mapper();

  /** A codec whose timestamp range ends at {@code clock}'s now plus {@link Limits#maxTimestampAhead()}. */
  public CallCodec(Limits limits, Clock clock) {
    this.limits = limits;
    this.clock = clock;
  }

  public CallCodec(Limits limits) {
    this(limits, Clock.systemUTC());
  }

  public CallCodec() {
    this(Limits.DEFAULT);
  }

  public Limits limits() {
    return limits;
  }

  /** The outcome of decoding one record: a call, or the list of reasons it was rejected. */
  public record Decoded(Call call, List<FieldError> errors) {
    public static Decoded ok(Call call) {
      return new Decoded(call, List.of());
    }

    public static Decoded rejected(List<FieldError> errors) {
      return new Decoded(null, List.copyOf(errors));
    }

    public boolean isValid() {
      return call != null;
    }

    /** The errors as one line, e.g. {@code "prompt: required; response: must be a string"}. */
    public String reason() {
      return String.join("; ", errors.stream().map(FieldError::toString).toList());
    }
  }

  /** Decodes raw bytes (as read from Kafka): invalid UTF-8 and invalid JSON are errors, never exceptions. */
  public Decoded decode(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      return Decoded.rejected(List.of(new FieldError("$", "empty record")));
    }
    Optional<String> text = Utf8.decode(bytes);
    if (text.isEmpty()) return Decoded.rejected(List.of(new FieldError("$", "not valid UTF-8")));
    return decode(text.get());
  }

  /** Decodes one JSON text holding one call. */
  public Decoded decode(String json) {
    JsonNode node;
    try {
      node = Json.readTree(json);
    } catch (JsonProcessingException e) {
      return Decoded.rejected(List.of(new FieldError("$", "invalid JSON: " + Json.shortMessage(e))));
    }
    return decode(node);
  }

  /** Validates a parsed JSON value as a call. */
  public Decoded decode(JsonNode node) {
    List<FieldError> errors = new ArrayList<>();
    if (node == null || !node.isObject()) {
      return Decoded.rejected(List.of(new FieldError("$", "must be a JSON object")));
    }
    String id = requiredString(node, "id", limits.maxIdChars(), errors);
    if (id != null && id.isBlank()) errors.add(new FieldError("id", "must not be blank"));
    if (id != null && id.chars().anyMatch(Character::isISOControl)) {
      errors.add(new FieldError("id", "must not contain control characters"));
    }
    Instant timestamp = timestamp(node, errors);
    String app = requiredName(node, "app", errors);
    String model = requiredName(node, "model", errors);
    String tenant = null;
    if (present(node, "tenant")) tenant = name(node.get("tenant"), "tenant", errors);
    // The tenant leads the call's record key (CallKey): a control character could forge another tenant's key.
    if (tenant != null && tenant.chars().anyMatch(Character::isISOControl)) {
      errors.add(new FieldError("tenant", "must not contain control characters"));
    }
    List<Message> prompt = prompt(node, errors);
    String response = requiredString(node, "response", limits.maxTextChars(), errors);
    List<Passage> context = context(node, errors);
    List<TokenLogprob> logprobs = logprobs(node, errors);
    List<String> samples = samples(node, errors);
    Map<String, Object> attributes = object(node, "attributes", errors);
    if (attributes != null) revision(node.get("attributes"), errors);
    Map<String, Object> labels = object(node, "labels", errors);
    if (!errors.isEmpty()) return Decoded.rejected(errors);
    return Decoded.ok(new Call(id, timestamp, app, model, tenant, prompt, response, context, logprobs,
        samples, attributes, labels));
  }

  /** Writes a call as call v1 JSON. */
  public byte[] encode(Call call) {
    ObjectNode n = mapper.createObjectNode();
    n.put("id", call.id());
    n.put("timestamp", call.timestamp().toString());
    n.put("app", call.app());
    n.put("model", call.model());
    n.put("tenant", call.tenant());
    ArrayNode prompt = n.putArray("prompt");
    call.prompt().forEach(m -> prompt.addObject().put("role", m.role()).put("content", m.content()));
    n.put("response", call.response());
    if (call.hasContext()) {
      ArrayNode ctx = n.putArray("context");
      call.context().forEach(p -> ctx.addObject().put("id", p.id()).put("text", p.text()));
    }
    if (call.hasLogprobs()) {
      ArrayNode lps = n.putArray("logprobs");
      for (TokenLogprob t : call.logprobs()) {
        ObjectNode o = lps.addObject().put("token", t.token()).put("logprob", t.logprob());
        if (!t.topLogprobs().isEmpty()) {
          ArrayNode top = o.putArray("top_logprobs");
          t.topLogprobs().forEach(a -> top.addObject().put("token", a.token()).put("logprob", a.logprob()));
        }
      }
    }
    if (call.hasSamples()) {
      ArrayNode s = n.putArray("samples");
      call.samples().forEach(s::add);
    }
    if (!call.attributes().isEmpty()) n.set("attributes", mapper.valueToTree(call.attributes()));
    if (!call.labels().isEmpty()) n.set("labels", mapper.valueToTree(call.labels()));
    return Json.bytes(n);
  }

  // --- fields -------------------------------------------------------------------------------

  private static boolean present(JsonNode node, String field) {
    return node.has(field) && !node.get(field).isNull();
  }

  private String requiredString(JsonNode node, String field, int maxChars, List<FieldError> errors) {
    if (!present(node, field)) {
      errors.add(new FieldError(field, "required"));
      return null;
    }
    return string(node.get(field), field, maxChars, errors);
  }

  private String requiredName(JsonNode node, String field, List<FieldError> errors) {
    if (!present(node, field)) {
      errors.add(new FieldError(field, "required"));
      return null;
    }
    return name(node.get(field), field, errors);
  }

  private String name(JsonNode value, String path, List<FieldError> errors) {
    String s = string(value, path, limits.maxNameChars(), errors);
    if (s != null && s.isBlank()) {
      errors.add(new FieldError(path, "must not be blank"));
      return null;
    }
    return s;
  }

  private static String string(JsonNode value, String path, int maxChars, List<FieldError> errors) {
    if (!value.isTextual()) {
      errors.add(new FieldError(path, "must be a string"));
      return null;
    }
    String s = value.textValue();
    if (s.length() > maxChars) {
      errors.add(new FieldError(path, "longer than " + maxChars + " characters (" + s.length() + ")"));
      return null;
    }
    return s;
  }

  private Instant timestamp(JsonNode node, List<FieldError> errors) {
    if (!present(node, "timestamp")) {
      errors.add(new FieldError("timestamp", "required"));
      return null;
    }
    JsonNode v = node.get("timestamp");
    if (!v.isTextual()) {
      errors.add(new FieldError("timestamp", "must be an ISO-8601 string"));
      return null;
    }
    Instant t;
    try {
      t = OffsetDateTime.parse(v.textValue()).toInstant();
    } catch (DateTimeParseException e) {
      errors.add(new FieldError("timestamp", "must be an ISO-8601 date-time with offset, e.g. 2026-11-28T12:00:00Z"));
      return null;
    }
    Instant latest = clock.instant().plus(limits.maxTimestampAhead());
    if (t.isBefore(limits.earliestTimestamp()) || t.isAfter(latest)) {
      errors.add(new FieldError("timestamp", "must lie between " + limits.earliestTimestamp() + " and "
          + latest + " (now + " + limits.maxTimestampAhead() + ")"));
      return null;
    }
    return t;
  }

  private List<Message> prompt(JsonNode node, List<FieldError> errors) {
    if (!present(node, "prompt")) {
      errors.add(new FieldError("prompt", "required"));
      return null;
    }
    JsonNode p = node.get("prompt");
    if (p.isTextual()) {
      String s = string(p, "prompt", limits.maxTextChars(), errors);
      return s == null ? null : List.of(new Message("user", s));
    }
    if (!p.isArray()) {
      errors.add(new FieldError("prompt", "must be a string or an array of messages"));
      return null;
    }
    if (p.isEmpty()) {
      errors.add(new FieldError("prompt", "must not be empty"));
      return null;
    }
    if (p.size() > limits.maxMessages()) {
      errors.add(new FieldError("prompt", "more than " + limits.maxMessages() + " messages (" + p.size() + ")"));
      return null;
    }
    List<Message> out = new ArrayList<>();
    int before = errors.size();
    for (int i = 0; i < p.size(); i++) {
      String path = "prompt[" + i + "]";
      JsonNode m = p.get(i);
      if (!m.isObject()) {
        errors.add(new FieldError(path, "must be an object with role and content"));
        continue;
      }
      String role = present(m, "role") ? name(m.get("role"), path + ".role", errors) : null;
      if (!present(m, "role")) errors.add(new FieldError(path + ".role", "required"));
      String content = null;
      if (!present(m, "content")) errors.add(new FieldError(path + ".content", "required"));
      else content = string(m.get("content"), path + ".content", limits.maxTextChars(), errors);
      out.add(new Message(role, content));
    }
    return errors.size() == before ? out : null;
  }

  private List<Passage> context(JsonNode node, List<FieldError> errors) {
    if (!present(node, "context")) return List.of();
    JsonNode c = node.get("context");
    if (!c.isArray()) {
      errors.add(new FieldError("context", "must be an array of passages"));
      return null;
    }
    if (c.size() > limits.maxPassages()) {
      errors.add(new FieldError("context", "more than " + limits.maxPassages() + " passages (" + c.size() + ")"));
      return null;
    }
    List<Passage> out = new ArrayList<>();
    for (int i = 0; i < c.size(); i++) {
      String path = "context[" + i + "]";
      JsonNode p = c.get(i);
      if (p.isTextual()) {
        String text = string(p, path, limits.maxTextChars(), errors);
        out.add(new Passage(Integer.toString(i), text));
        continue;
      }
      if (!p.isObject()) {
        errors.add(new FieldError(path, "must be an object with text (and optional id) or a string"));
        continue;
      }
      String id = present(p, "id") ? name(p.get("id"), path + ".id", errors) : Integer.toString(i);
      String text = null;
      if (!present(p, "text")) errors.add(new FieldError(path + ".text", "required"));
      else text = string(p.get("text"), path + ".text", limits.maxTextChars(), errors);
      out.add(new Passage(id, text));
    }
    return out;
  }

  private List<TokenLogprob> logprobs(JsonNode node, List<FieldError> errors) {
    if (!present(node, "logprobs")) return List.of();
    JsonNode l = node.get("logprobs");
    if (!l.isArray()) {
      errors.add(new FieldError("logprobs", "must be an array of {token, logprob, top_logprobs}"));
      return null;
    }
    if (l.size() > limits.maxTokens()) {
      errors.add(new FieldError("logprobs", "more than " + limits.maxTokens() + " tokens (" + l.size() + ")"));
      return null;
    }
    List<TokenLogprob> out = new ArrayList<>(l.size());
    for (int i = 0; i < l.size(); i++) {
      String path = "logprobs[" + i + "]";
      JsonNode t = l.get(i);
      if (!t.isObject()) {
        errors.add(new FieldError(path, "must be an object with token and logprob"));
        continue;
      }
      String token = tokenText(t, path, errors);
      Double lp = logprobValue(t, path, errors);
      List<TokenLogprob.TopLogprob> top = new ArrayList<>();
      if (present(t, "top_logprobs")) {
        JsonNode tops = t.get("top_logprobs");
        if (!tops.isArray()) {
          errors.add(new FieldError(path + ".top_logprobs", "must be an array"));
        } else if (tops.size() > limits.maxTopLogprobs()) {
          errors.add(new FieldError(path + ".top_logprobs",
              "more than " + limits.maxTopLogprobs() + " entries (" + tops.size() + ")"));
        } else {
          for (int j = 0; j < tops.size(); j++) {
            String tp = path + ".top_logprobs[" + j + "]";
            JsonNode a = tops.get(j);
            if (!a.isObject()) {
              errors.add(new FieldError(tp, "must be an object with token and logprob"));
              continue;
            }
            String at = tokenText(a, tp, errors);
            Double alp = logprobValue(a, tp, errors);
            if (at != null && alp != null) top.add(new TokenLogprob.TopLogprob(at, alp));
          }
        }
      }
      if (token != null && lp != null) out.add(new TokenLogprob(token, lp, top));
    }
    return out;
  }

  private String tokenText(JsonNode t, String path, List<FieldError> errors) {
    if (!present(t, "token")) {
      errors.add(new FieldError(path + ".token", "required"));
      return null;
    }
    return string(t.get("token"), path + ".token", limits.maxTextChars(), errors);
  }

  private static Double logprobValue(JsonNode t, String path, List<FieldError> errors) {
    JsonNode v = t.get("logprob");
    if (v == null || v.isNull()) {
      errors.add(new FieldError(path + ".logprob", "required"));
      return null;
    }
    if (!v.isNumber() || !Double.isFinite(v.doubleValue()) || v.doubleValue() > 0) {
      errors.add(new FieldError(path + ".logprob", "must be a finite number <= 0"));
      return null;
    }
    return v.doubleValue();
  }

  private List<String> samples(JsonNode node, List<FieldError> errors) {
    if (!present(node, "samples")) return List.of();
    JsonNode s = node.get("samples");
    if (!s.isArray()) {
      errors.add(new FieldError("samples", "must be an array of strings"));
      return null;
    }
    if (s.size() > limits.maxSamples()) {
      errors.add(new FieldError("samples", "more than " + limits.maxSamples() + " samples (" + s.size() + ")"));
      return null;
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < s.size(); i++) {
      out.add(string(s.get(i), "samples[" + i + "]", limits.maxTextChars(), errors));
    }
    return out;
  }

  private Map<String, Object> object(JsonNode node, String field, List<FieldError> errors) {
    if (!present(node, field)) return Map.of();
    JsonNode o = node.get(field);
    if (!o.isObject()) {
      errors.add(new FieldError(field, "must be a JSON object"));
      return null;
    }
    if (depth(o) > limits.maxDepth()) {
      errors.add(new FieldError(field, "nested deeper than " + limits.maxDepth() + " levels"));
      return null;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> map = mapper.convertValue(o, LinkedHashMap.class);
    return map;
  }

  /** {@code attributes.revision}, when present, is the call's explicit revision (see {@link Call#revision()}). */
  private static void revision(JsonNode attributes, List<FieldError> errors) {
    JsonNode r = attributes == null ? null : attributes.get(Call.REVISION_ATTRIBUTE);
    if (r == null || r.isNull()) return;
    if (!r.isIntegralNumber() || !r.canConvertToLong() || r.longValue() < 0) {
      errors.add(new FieldError("attributes." + Call.REVISION_ATTRIBUTE, "must be a whole number >= 0"));
    }
  }

  private static int depth(JsonNode n) {
    if (!n.isContainerNode()) return 0;
    int max = 0;
    for (JsonNode c : n) max = Math.max(max, depth(c));
    return max + 1;
  }
}
