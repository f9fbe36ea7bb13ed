package dev.glassbox.core.attribution;

import dev.glassbox.core.config.EnumIds;

/** Which calls get an attribution; configuration and the command line name them by {@link #id()}. */
public enum AttributionMode {
  /** None. */
  OFF,
  /** Every flagged call, plus a stable sample of the others. */
  FLAGGED,
  /** Every call. */
  ALL;

  public String id() {
    return EnumIds.id(this);
  }

  /** The mode with this id; an unknown one is refused with the ids there are. */
  public static AttributionMode of(String id) {
    return EnumIds.of(AttributionMode.class, id, "attribution mode");
  }
}
