package dev.glassbox.core.drift;

import java.util.Locale;

/** Which calls a window is compared with. */
public enum ReferencePolicy {
  /** The first calls seen (at least one full window): a baseline that never moves. */
  FIXED,
  /** The window just before: catches sudden changes, forgives slow ones. */
  PREVIOUS,
  /** The last K windows together: a moving baseline that smooths one odd window. */
  SLIDING;

  public static ReferencePolicy parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("reference policy must be fixed, previous or sliding, not '" + s + "'");
    }
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
