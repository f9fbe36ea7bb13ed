package dev.glassbox.core.adapt;

import dev.glassbox.core.call.FieldError;
import java.util.List;

/**
 * What one record of any format became.
 *
 * @param calls one entry per call the record holds (one for call v1 and OpenAI pairs, one per LLM span of a
 *     trace export), mapped or rejected
 * @param ignoredSpans spans that are not LLM calls (HTTP, database, retriever, embedding, tool, agent spans)
 * @param errors parts of the record that could not be read at all (no call to attribute them to)
 */
public record Mapped(List<Adapted> calls, int ignoredSpans, List<FieldError> errors) {

  public Mapped {
    calls = List.copyOf(calls);
    errors = List.copyOf(errors);
  }

  static Mapped one(Adapted call) {
    return new Mapped(List.of(call), 0, List.of());
  }
}
