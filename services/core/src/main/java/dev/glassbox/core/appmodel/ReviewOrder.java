package dev.glassbox.core.appmodel;

import java.util.Locale;

/**
 * The order reviewers take calls in: {@code riskiest} first (highest score), the most {@code informative} first
 * (calibrated score closest to the app's current threshold, where a verdict moves the threshold most), or
 * {@code random}.
 */
public enum ReviewOrder {
  RISKIEST, INFORMATIVE, RANDOM;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
