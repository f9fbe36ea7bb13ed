package dev.glassbox.core.adapt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.core.call.BodySplitter;
import dev.glassbox.core.call.CallCodec;
import dev.glassbox.core.call.FieldError;
import dev.glassbox.core.call.Utf8;
import dev.glassbox.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one route from records of one format to calls, taken by ingest's endpoints, replay and the explainer:
 * the records of a body or file ({@link #read(List)}) or one Kafka record ({@link #readRecord(byte[])}).
 */
public final class RecordReader {

  private final RecordFormat format;
  private final Function<JsonNode, Mapped> mapper;

  /** {@code app} names the application for records that do not; {@code null} or blank: the format's default. */
  public RecordReader(RecordFormat format, CallCodec codec, String app) {
    this.format = format;
    this.mapper = mapper(format, codec, app == null || app.isBlank() ? format.defaultApp() : app);
  }

  /**
   * One call on its way, or a record (or unreadable part of one) that became none.
   *
   * @param index position of the record in the body, from 0 (several calls of one trace export share it)
   * @param line 1-based line of the record for NDJSON bodies, 0 otherwise
   * @param adapted the call, or the reasons there is none
   */
  public record Candidate(int index, int line, Adapted adapted) {
    static Candidate rejected(BodySplitter.Item item, List<FieldError> errors) {
      return new Candidate(item.index(), item.line(), Adapted.rejected(null, errors));
    }
  }

  /** What the records became: every candidate in body order, and the spans that are not LLM calls. */
  public record Read(List<Candidate> candidates, int ignoredSpans) {
    public Read {
      candidates = List.copyOf(candidates);
    }
  }

  /** Maps every record of a body (see {@link BodySplitter}); never throws on bad input. */
  public Read read(List<BodySplitter.Item> items) {
    List<Candidate> candidates = new ArrayList<>();
    int ignored = 0;
    for (BodySplitter.Item item : items) {
      Read one = read(item);
      candidates.addAll(one.candidates());
      ignored += one.ignoredSpans();
    }
    return new Read(candidates, ignored);
  }

  /** Maps one record of a body: unreadable JSON, unreadable parts of a trace export, then one entry per call. */
  public Read read(BodySplitter.Item item) {
    if (!item.parsed()) return new Read(List.of(Candidate.rejected(item, List.of(item.error()))), 0);
    Mapped m = mapper.apply(item.json());
    List<Candidate> candidates = new ArrayList<>();
    if (!m.errors().isEmpty()) candidates.add(Candidate.rejected(item, m.errors()));
    for (Adapted a : m.calls()) candidates.add(new Candidate(item.index(), item.line(), a));
    return new Read(candidates, m.ignoredSpans());
  }

  /**
   * Maps the raw bytes of one Kafka record of a one-call-per-record format to a call; invalid UTF-8 and JSON are
   * errors, never exceptions.
   */
  public Adapted readRecord(byte[] bytes) {
    if (bytes == null || bytes.length == 0) return Adapted.rejected(null, List.of(new FieldError("$", "empty record")));
    Optional<String> text = Utf8.decode(bytes);
    if (text.isEmpty()) return Adapted.rejected(null, List.of(new FieldError("$", "not valid UTF-8")));
    JsonNode node;
    try {
      node = Json.readTree(text.get());
    } catch (JsonProcessingException e) {
      return Adapted.rejected(null, List.of(new FieldError("$", "invalid JSON: " + Json.shortMessage(e))));
    }
    Mapped m = mapper.apply(node);
    if (m.calls().size() == 1 && m.errors().isEmpty()) return m.calls().get(0);
    return Adapted.rejected(null, m.errors().isEmpty()
        ? List.of(new FieldError("$", m.calls().size() + " calls in one record; " + format.id() + " records must hold one"))
        : m.errors());
  }

  /** The mapping of one parsed record of {@code format}; never throws on bad input. */
  private static Function<JsonNode, Mapped> mapper(RecordFormat format, CallCodec codec, String app) {
    return switch (format) {
      case NATIVE -> record -> {
        CallCodec.Decoded d = codec.decode(record);
        String id = record != null && record.path("id").isTextual() ? record.get("id").textValue() : null;
        return Mapped.one(new Adapted(id, d.call(), List.of(), d.errors()));
      };
      case OPENAI -> {
        OpenAiChatAdapter a = new OpenAiChatAdapter(codec, app);
        yield record -> Mapped.one(a.adapt(record));
      }
      case OTLP, OPENINFERENCE -> new TraceAdapter(codec, app)::adapt;
    };
  }
}
