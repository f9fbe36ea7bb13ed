package dev.glassbox.core.adapt;

import dev.glassbox.core.call.Call;
import dev.glassbox.core.call.FieldError;
import java.util.List;

/**
 * One call read from a record of any format (call v1, or mapped to it): the call and what could not be mapped,
 * or why no call could be made.
 *
 * @param id the call id when one could be found (also for rejections, so a client can find the record)
 * @param call the mapped call, validated like a native one; {@code null} when rejected
 * @param warnings what was lost or guessed while mapping; also in {@code attributes.glassbox.mapping_warnings}
 * @param errors why the record was rejected; empty when {@code call} is set
 */
public record Adapted(String id, Call call, List<String> warnings, List<FieldError> errors) {

  public Adapted {
    warnings = List.copyOf(warnings);
    errors = List.copyOf(errors);
  }

  static Adapted rejected(String id, List<FieldError> errors) {
    return new Adapted(id, null, List.of(), errors);
  }

  public boolean isValid() {
    return call != null;
  }

  /** The errors as one line, e.g. {@code "response.choices: required; model: required"}. */
  public String reason() {
    return String.join("; ", errors.stream().map(FieldError::toString).toList());
  }
}
