package dev.glassbox.core.drift;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Windows a time-ordered stream of points per (tenant, app, model) and reports each closed window against its
 * reference, for backtests; the drift service applies the same {@link WindowSpec} and policies over state stores.
 */
public final class OfflineDrift {

  /** The series key. */
  public record Key(String tenant, String app, String model) {}

  private final DriftDetector detector;
  private final WindowSpec spec;
  private final ReferencePolicy policy;
  private final int referenceCalls;
  private final int slidingWindows;
  private final Consumer<DriftReport> sink;
  private final Map<Key, Series> series = new LinkedHashMap<>();

  /**
   * @param referenceCalls for {@code fixed}: calls the baseline gathers (whole windows, at least one)
   * @param slidingWindows for {@code sliding}: windows in the moving baseline
   */
  public OfflineDrift(DriftDetector detector, WindowSpec spec, ReferencePolicy policy, int referenceCalls,
      int slidingWindows, Consumer<DriftReport> sink) {
    this.detector = detector;
    this.spec = spec;
    this.policy = policy;
    this.referenceCalls = referenceCalls;
    this.slidingWindows = Math.max(1, slidingWindows);
    this.sink = sink;
  }

  private final class Series {
    final Key key;
    List<DriftPoint> open = new ArrayList<>();
    long openLast;
    final List<DriftPoint> fixed = new ArrayList<>();
    final Deque<List<DriftPoint>> recent = new ArrayDeque<>();

    Series(Key key) {
      this.key = key;
    }

    void add(DriftPoint p) {
      if (!open.isEmpty() && spec.closesBefore(openLast, open.size(), p.timestampMillis())) close();
      openLast = Math.max(openLast, p.timestampMillis());
      open.add(p);
      if (spec.full(open.size())) close();
    }

    void close() {
      List<DriftPoint> window = open;
      open = new ArrayList<>();
      List<DriftPoint> reference = reference();
      if (reference != null) {
        sink.accept(detector.compare(key.app(), key.model(), key.tenant(), policy.label(), reference, window));
      }
      if (policy == ReferencePolicy.FIXED && fixed.size() < referenceCalls) fixed.addAll(window);
      recent.addLast(window);
      while (recent.size() > (policy == ReferencePolicy.SLIDING ? slidingWindows : 1)) recent.removeFirst();
    }

    /** The reference for the window now closing, or null while the baseline is still being gathered. */
    List<DriftPoint> reference() {
      switch (policy) {
        case FIXED:
          return fixed.size() >= referenceCalls && !fixed.isEmpty() ? fixed : null;
        case PREVIOUS:
          return recent.isEmpty() ? null : recent.getLast();
        default:
          if (recent.isEmpty()) return null;
          List<DriftPoint> all = new ArrayList<>();
          recent.forEach(all::addAll);
          return all;
      }
    }
  }

  /** Adds the next point of the stream; points must come in time order within a key. */
  public void add(Key key, DriftPoint point) {
    series.computeIfAbsent(key, Series::new).add(point);
  }

  /** Closes every open window that has enough calls (end of input). */
  public void finish() {
    for (Series s : series.values()) if (!s.open.isEmpty() && s.open.size() >= spec.minCalls()) s.close();
  }
}
