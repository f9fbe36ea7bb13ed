package dev.glassbox.drift;

import dev.glassbox.core.drift.DriftReport;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.TimeUnit;

/** The drift service's Prometheus metrics: explanations read or skipped, windows closed and drifted, window cost. */
final class DriftMetrics {

  private final MeterRegistry registry;

  DriftMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void read() {
    registry.counter("glassbox_drift_explanations", "outcome", "read").increment();
  }

  void skipped() {
    registry.counter("glassbox_drift_explanations", "outcome", "skipped").increment();
  }

  /** An unreadable explanation sent to the DLQ. */
  void rejected() {
    registry.counter("glassbox_drift_explanations", "outcome", "dlq").increment();
  }

  /** An explanation of a call already windowed (re-sent or replayed), left out. */
  void duplicate() {
    registry.counter("glassbox_drift_explanations", "outcome", "duplicate").increment();
  }

  void window(DriftReport r) {
    registry.counter("glassbox_drift_windows", "drifted", Boolean.toString(r.drifted())).increment();
    registry.timer("glassbox_drift_window_cost").record(r.costMs(), TimeUnit.MILLISECONDS);
  }
}
