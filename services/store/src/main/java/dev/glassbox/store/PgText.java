package dev.glassbox.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.glassbox.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Makes text acceptable to PostgreSQL, which refuses the NUL character in {@code text} and {@code jsonb}:
 * without this, one response containing U+0000 would fail its whole batch on every retry.
 */
final class PgText {

  /** What NUL becomes: the Unicode replacement character, so the reader sees something was there. */
  static final char REPLACEMENT = '\uFFFD';

  private static final JsonSerializer<String> CLEAN_STRING = new JsonSerializer<>() {
    @Override
    public void serialize(String value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
      gen.writeString(clean(value));
    }
  };

  private static final JsonSerializer<String> CLEAN_KEY = new JsonSerializer<>() {
    @Override
    public void serialize(String value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
      gen.writeFieldName(clean(value));
    }
  };

  /** Glassbox's own JSON settings (snake_case) with every string and map key cleaned. */
  private static final ObjectMapper MAPPER = Json.mapper().copy()
      .registerModule(new SimpleModule("pg-text")
          .addSerializer(String.class, CLEAN_STRING)
          .addKeySerializer(String.class, CLEAN_KEY));

  private PgText() {}

  static String clean(String s) {
    return s == null || s.indexOf('\u0000') < 0 ? s : s.replace('\u0000', REPLACEMENT);
  }

  /** JSON text of {@code value} for a {@code jsonb} column; {@code null} stays SQL NULL. */
  static String json(Object value) {
    if (value == null) return null;
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
