package dev.glassbox.core.attribution;

import dev.glassbox.core.config.EnumIds;

/**
 * The quantity attribution explains for each response sentence; configuration, the command line and explanations
 * name it by {@link #id()}.
 */
public enum AttributionTarget {
  /** The encoder surrogate's support: sentence-vector similarity and shared wording ({@link SupportTarget}). */
  SURROGATE,
  /** The trained verifier's probability that a kept segment entails the sentence ({@link EntailmentTarget}). */
  VERIFIER;

  public String id() {
    return EnumIds.id(this);
  }

  /** The target with this id; an unknown one is refused with the ids there are. */
  public static AttributionTarget of(String id) {
    return EnumIds.of(AttributionTarget.class, id, "attribution target");
  }
}
