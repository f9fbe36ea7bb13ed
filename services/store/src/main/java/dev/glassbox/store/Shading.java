package dev.glassbox.store;

import java.util.Locale;

/** Background colours for scores in [0,1]: green at 0, through yellow, to red at 1; light enough to read text on. */
public final class Shading {

  /** For a score that is not a number: neutral grey, never a colour that claims a risk. */
  public static final String UNKNOWN = "#e0e0e0";

  private static final double SATURATION = 0.75;
  private static final double LIGHTNESS = 0.80;

  private Shading() {}

  /** The colour of a risk score that may be absent (a call with nothing to check against): grey then. */
  public static String risk(Double score) {
    return score == null ? UNKNOWN : risk(score.doubleValue());
  }

  /** The colour of a risk score (higher is worse); scores outside [0,1] are clamped. */
  public static String risk(double score) {
    if (Double.isNaN(score)) return UNKNOWN;
    double s = Math.max(0, Math.min(1, score));
    // Interpolating the hue (120° green to 0° red) passes through yellow, which reads as "in between".
    return hslToHex(120 * (1 - s), SATURATION, LIGHTNESS);
  }

  /** Formats a score for display, three decimals; {@code n/a} for NaN or null. */
  public static String number(Double value) {
    if (value == null || Double.isNaN(value)) return "n/a";
    return String.format(Locale.ROOT, "%.3f", value);
  }

  static String hslToHex(double hueDegrees, double saturation, double lightness) {
    double c = (1 - Math.abs(2 * lightness - 1)) * saturation;
    double h = hueDegrees / 60;
    double x = c * (1 - Math.abs(h % 2 - 1));
    double r;
    double g;
    double b;
    if (h < 1) { r = c; g = x; b = 0; }
    else if (h < 2) { r = x; g = c; b = 0; }
    else if (h < 3) { r = 0; g = c; b = x; }
    else if (h < 4) { r = 0; g = x; b = c; }
    else if (h < 5) { r = x; g = 0; b = c; }
    else { r = c; g = 0; b = x; }
    double m = lightness - c / 2;
    return String.format(Locale.ROOT, "#%02x%02x%02x", channel(r + m), channel(g + m), channel(b + m));
  }

  private static int channel(double v) {
    return (int) Math.round(Math.max(0, Math.min(1, v)) * 255);
  }
}
