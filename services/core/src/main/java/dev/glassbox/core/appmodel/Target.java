package dev.glassbox.core.appmodel;

/** A flag threshold's aim: a precision or a recall of at least {@code value}, on the app's verdicts. */
public record Target(Thresholds.Metric metric, double value) {

  public Target {
    if (!(value > 0 && value <= 1)) throw new IllegalArgumentException("target " + metric.id() + " must be in (0, 1], got " + value);
  }
}
