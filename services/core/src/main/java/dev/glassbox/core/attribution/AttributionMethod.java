package dev.glassbox.core.attribution;

import java.util.Arrays;

/**
 * How segments are scored (see {@link Attributor}); configuration, the command line and explanations name it by
 * {@link #id()}.
 */
public enum AttributionMethod {
  CONTEXTCITE("contextcite"),
  SHAPLEY("shapley"),
  LEAVE_ONE_OUT("leave-one-out");

  private final String id;

  AttributionMethod(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  /** The method with this id; an unknown one is refused with the ids there are. */
  public static AttributionMethod of(String id) {
    return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst().orElseThrow(
        () -> new IllegalArgumentException("attribution method '" + id + "': use contextcite, shapley or leave-one-out"));
  }
}
