package dev.glassbox.core.adapt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.core.call.CallCodec;
import dev.glassbox.core.call.FieldError;
import dev.glassbox.core.json.Json;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The record formats Glassbox reads, each with the mapping from one record to calls. */
public enum RecordFormat {
  /** Call v1 itself. */
  NATIVE,
  /** One logged OpenAI {@code {request, response}} pair. */
  OPENAI,
  /** One OTLP/JSON trace export; LLM spans under the GenAI conventions (or OpenInference). */
  OTLP,
  /** One OTLP/JSON trace export from OpenInference instrumentation (read exactly like {@link #OTLP}). */
  OPENINFERENCE;

  /** What one record became: calls (mapped or rejected), spans that are not LLM calls, unreadable parts. */
  public record Mapped(List<Adapted> calls, int ignoredSpans, List<FieldError> errors) {}

  /** Maps one parsed record; never throws on bad input. */
  public interface Mapper {
    Mapped map(JsonNode record);
  }

  /** The lower-case name used in config and on the command line. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether every record holds exactly one call (so a Kafka record maps to one call). */
  public boolean oneCallPerRecord() {
    return this == NATIVE || this == OPENAI;
  }

  public static RecordFormat parse(String name) {
    for (RecordFormat f : values()) {
      if (f.id().equals(name == null ? "" : name.strip().toLowerCase(Locale.ROOT))) return f;
    }
    throw new IllegalArgumentException("unknown format '" + name + "': use one of "
        + Arrays.stream(values()).map(RecordFormat::id).toList());
  }

  /** The mapper of this format; {@code defaultApp} names the application when a record does not. */
  public Mapper mapper(CallCodec codec, String defaultApp) {
    return switch (this) {
      case NATIVE -> record -> {
        CallCodec.Decoded d = codec.decode(record);
        String id = record != null && record.path("id").isTextual() ? record.get("id").textValue() : null;
        return new Mapped(List.of(new Adapted(id, d.call(), List.of(), d.errors())), 0, List.of());
      };
      case OPENAI -> {
        OpenAiChatAdapter a = new OpenAiChatAdapter(codec, defaultApp);
        yield record -> new Mapped(List.of(a.adapt(record)), 0, List.of());
      }
      case OTLP, OPENINFERENCE -> {
        TraceAdapter t = new TraceAdapter(codec, defaultApp);
        yield record -> {
          TraceAdapter.Result r = t.adapt(record);
          return new Mapped(r.calls(), r.ignoredSpans(), r.errors());
        };
      }
    };
  }

  /**
   * Maps raw bytes (as read from Kafka) of a one-call-per-record format to a call; invalid UTF-8 and JSON are
   * errors, never exceptions.
   */
  public Adapted decode(byte[] bytes, Mapper mapper) {
    if (bytes == null || bytes.length == 0) return Adapted.rejected(null, List.of(new FieldError("$", "empty record")));
    JsonNode node;
    try {
      String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
      node = Json.readTree(text);
    } catch (CharacterCodingException e) {
      return Adapted.rejected(null, List.of(new FieldError("$", "not valid UTF-8")));
    } catch (JsonProcessingException e) {
      return Adapted.rejected(null, List.of(new FieldError("$", "invalid JSON: " + Json.shortMessage(e))));
    }
    Mapped m = mapper.map(node);
    if (m.calls().size() == 1 && m.errors().isEmpty()) return m.calls().get(0);
    return Adapted.rejected(null, m.errors().isEmpty()
        ? List.of(new FieldError("$", m.calls().size() + " calls in one record; " + id() + " records must hold one"))
        : m.errors());
  }
}
