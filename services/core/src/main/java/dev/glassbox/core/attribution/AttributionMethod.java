package dev.glassbox.core.attribution;

import dev.glassbox.core.config.EnumIds;

/**
 * How segments are scored (see {@link Attributor}); configuration, the command line and explanations name it by
 * {@link #id()}.
 */
public enum AttributionMethod {
  CONTEXTCITE,
  SHAPLEY,
  LEAVE_ONE_OUT;

  public String id() {
    return EnumIds.id(this);
  }

  /** The method with this id; an unknown one is refused with the ids there are. */
  public static AttributionMethod of(String id) {
    return EnumIds.of(AttributionMethod.class, id, "attribution method");
  }
}
