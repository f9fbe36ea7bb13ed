package dev.glassbox.core.drift;

/**
 * When a window closes: by time (tumbling, aligned to the epoch) or by call count, never with fewer than
 * {@code minCalls}; a window short of calls at its end stays open and takes in the next period too.
 *
 * @param lengthMillis window length; 0 means windows by count
 * @param calls calls per window when windows go by count
 */
public record WindowSpec(long lengthMillis, int calls, int minCalls) {

  public WindowSpec {
    if (lengthMillis < 0 || (lengthMillis == 0 && calls < 4)) {
      throw new IllegalArgumentException("a window needs a positive length or at least four calls");
    }
    if (minCalls < 4) throw new IllegalArgumentException("min calls must be at least 4");
  }

  public static WindowSpec byCount(int calls) {
    return new WindowSpec(0, calls, calls);
  }

  public static WindowSpec byTime(long lengthMillis, int minCalls) {
    return new WindowSpec(lengthMillis, 0, minCalls);
  }

  /** Start of the period holding {@code timestamp}. */
  public long periodStart(long timestamp) {
    return lengthMillis == 0 ? timestamp : Math.floorDiv(timestamp, lengthMillis) * lengthMillis;
  }

  /**
   * Whether a window holding {@code count} calls, the last at {@code last}, closes before a call at {@code next}:
   * by count, when full; by time, when the next call opens a new period and the window has its minimum. Windows
   * thus always span whole periods.
   */
  public boolean closesBefore(long last, int count, long next) {
    if (lengthMillis == 0) return count >= calls;
    return count >= minCalls && next >= periodStart(last) + lengthMillis;
  }

  /** Whether a window closes as soon as it holds {@code count} calls: a count window, once full, waits for nothing. */
  public boolean full(int count) {
    return lengthMillis == 0 && count >= calls;
  }
}
