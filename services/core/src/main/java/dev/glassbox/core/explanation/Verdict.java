package dev.glassbox.core.explanation;

import dev.glassbox.core.config.EnumIds;

/** What the logged evidence says of one response sentence; explanations name it by {@link #id()}. */
public enum Verdict {
  /** The evidence holds it. */
  SUPPORTED,
  /** The evidence covers what it speaks of and says otherwise (names or numbers differ). */
  CONTRADICTED,
  /** The evidence should hold it and does not. */
  UNSUPPORTED,
  /** No logged evidence could hold it: nothing to check against. */
  UNVERIFIABLE;

  public String id() {
    return EnumIds.id(this);
  }
}
