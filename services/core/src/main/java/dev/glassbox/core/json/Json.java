package dev.glassbox.core.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.UncheckedIOException;

/** The one JSON configuration of Glassbox: snake_case names, strict parsing, bounded nesting. */
public final class Json {

  /** Deeper JSON is refused by the parser itself, before any validation runs. */
  public static final int MAX_NESTING = 64;

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .build();

  static {
    MAPPER.getFactory().setStreamReadConstraints(
        StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build());
  }

  private Json() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static JsonNode readTree(String json) throws JsonProcessingException {
    return MAPPER.readTree(json);
  }

  public static byte[] bytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String string(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Jackson's message without the source excerpt, which may hold user data. */
  public static String shortMessage(JsonProcessingException e) {
    String m = e.getOriginalMessage();
    if (m == null) return "unreadable";
    m = m.replaceAll("\\s+", " ");
    if (e.getLocation() != null) {
      m += " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }
    return m.length() > 200 ? m.substring(0, 200) + "..." : m;
  }
}
