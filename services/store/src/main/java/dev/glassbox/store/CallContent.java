package dev.glassbox.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.glassbox.core.explanation.Explanation;
import dev.glassbox.core.explanation.Explanation.CallView;
import dev.glassbox.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The content hash of a call, which decides whether a re-sent call with the same tenant and id is the same call.
 * It covers what the application sent and the explanation carries: app, model, timestamp (as an instant), prompt,
 * response, context, samples and attributes (revision included), after redaction as the store receives them;
 * object keys are sorted, so the order a sender wrote them in does not matter. The tenant and id are the key itself;
 * labels (evaluation only) and logprobs (not in the explanation's call view) are not covered.
 */
final class CallContent {

  private static final ObjectMapper CANONICAL = Json.mapper().copy()
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private CallContent() {}

  /** Hex SHA-256 of the canonical JSON of the covered fields. */
  static String hash(Explanation e, OffsetDateTime ts) {
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("app", e.app());
    content.put("model", e.model());
    content.put("timestamp", ts.toInstant().toString());
    CallView view = e.call();
    if (view != null) {
      content.put("prompt", view.prompt());
      content.put("response", view.response());
      content.put("context", view.context());
      content.put("samples", view.samples());
      content.put("attributes", view.attributes());
    }
    try {
      byte[] json = CANONICAL.writeValueAsString(content).getBytes(StandardCharsets.UTF_8);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
    } catch (JsonProcessingException e1) {
      throw new IllegalArgumentException("the call cannot be written as JSON: " + e1.getOriginalMessage());
    } catch (NoSuchAlgorithmException e2) {
      throw new IllegalStateException("every Java runtime has SHA-256", e2);
    }
  }
}
