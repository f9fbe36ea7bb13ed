package dev.glassbox.core.verify;

import dev.glassbox.core.config.EnumIds;

/** The verifier's three classes; {@link #index()} is the model's output position and the training target. */
public enum VerifierLabel {
  SUPPORTED,
  CONTRADICTED,
  NOT_ENOUGH_INFO;

  public int index() {
    return ordinal();
  }

  public static VerifierLabel ofIndex(int index) {
    VerifierLabel[] all = values();
    if (index < 0 || index >= all.length) throw new IllegalArgumentException("no verifier label at index " + index);
    return all[index];
  }

  /** Lower-case name with - for _ ("not-enough-info"), as written in reports. */
  public String id() {
    return EnumIds.id(this);
  }
}
