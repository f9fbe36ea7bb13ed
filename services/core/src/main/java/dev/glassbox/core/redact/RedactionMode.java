package dev.glassbox.core.redact;

import java.util.Locale;

/** What the redactor writes in place of a finding in one field group. */
public enum RedactionMode {
  /** A typed placeholder such as {@code [EMAIL]}. */
  REDACT,
  /** A typed, keyed hash such as {@code [EMAIL:3f9a1c2b07d54e61]}: equal values stay equal, yet cannot be guessed without the key. */
  HASH,
  /** The text is left as logged. */
  OFF;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static RedactionMode parse(String id) {
    for (RedactionMode m : values()) {
      if (m.id().equalsIgnoreCase(id.strip())) return m;
    }
    throw new IllegalArgumentException("unknown redaction mode '" + id.strip() + "': use redact, hash or off");
  }
}
