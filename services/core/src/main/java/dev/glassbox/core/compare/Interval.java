package dev.glassbox.core.compare;

/** A two-sided confidence interval [low, high]. */
public record Interval(double low, double high) {

  public Interval {
    if (!(low <= high)) throw new IllegalArgumentException("interval low must not exceed high: " + low + " > " + high);
  }

  public boolean contains(double x) {
    return low <= x && x <= high;
  }
}
