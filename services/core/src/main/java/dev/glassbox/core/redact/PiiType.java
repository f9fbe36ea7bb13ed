package dev.glassbox.core.redact;

import java.util.Arrays;
import java.util.Locale;

/**
 * The kinds of personal data and secrets the redactor finds, in order of precedence: when two
 * findings overlap, the earlier kind wins (a validated secret or checksum beats a looser pattern).
 */
public enum PiiType {
  SECRET, CARD, IBAN, EMAIL, IP, PHONE;

  /** The lower-case name used in config, metrics tags and the explanation's summary. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The typed placeholder written in {@code redact} mode, e.g. {@code [EMAIL]}. */
  public String placeholder() {
    return "[" + name() + "]";
  }

  public static PiiType parse(String id) {
    for (PiiType t : values()) {
      if (t.id().equalsIgnoreCase(id.strip())) return t;
    }
    throw new IllegalArgumentException("unknown redaction detector '" + id.strip() + "': use some of "
        + Arrays.stream(values()).map(PiiType::id).toList());
  }
}
