package dev.glassbox.core.attribution;

import java.util.Arrays;

/** Which calls get an attribution; configuration and the command line name them by {@link #id()}. */
public enum AttributionMode {
  /** None. */
  OFF("off"),
  /** Every flagged call, plus a stable sample of the others. */
  FLAGGED("flagged"),
  /** Every call. */
  ALL("all");

  private final String id;

  AttributionMode(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  /** The mode with this id; an unknown one is refused with the ids there are. */
  public static AttributionMode of(String id) {
    return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst().orElseThrow(
        () -> new IllegalArgumentException("attribution mode '" + id + "': use off, flagged or all"));
  }
}
