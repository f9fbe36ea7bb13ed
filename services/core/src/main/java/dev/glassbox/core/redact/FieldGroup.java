package dev.glassbox.core.redact;

import java.util.Arrays;
import java.util.Locale;

/**
 * The parts of a call that can be given their own redaction mode. Log-prob tokens follow the
 * response, since they are pieces of it.
 */
public enum FieldGroup {
  PROMPT, RESPONSE, CONTEXT, SAMPLES, ATTRIBUTES;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static FieldGroup parse(String id) {
    for (FieldGroup g : values()) {
      if (g.id().equalsIgnoreCase(id.strip())) return g;
    }
    throw new IllegalArgumentException("unknown redaction field group '" + id.strip() + "': use one of "
        + Arrays.stream(values()).map(FieldGroup::id).toList());
  }
}
