package dev.glassbox.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** The consumer's meters; Prometheus names are given since dashboards and alerts use those. */
final class StoreMetrics {

  /** {@code glassbox_store_explanations_written_total}: explanations committed to PostgreSQL (replays count again). */
  final Counter written;
  /** {@code glassbox_store_decode_errors_total}: records skipped because they are not storable explanation v1. */
  final Counter decodeErrors;
  /** {@code glassbox_store_rejected_total}: explanations skipped because PostgreSQL refused their data. */
  final Counter rejected;
  /** {@code glassbox_store_batch_seconds}: time to write one poll batch and commit its offsets. */
  final Timer batch;
  /**
   * {@code glassbox_store_refused_total{reason}}: records the same-call rule refused ({@code changed}: their key
   * holds another call; {@code deleted}: their key was deleted); {@code null} where nothing is refused.
   */
  private final MeterRegistry refusals;

  StoreMetrics(MeterRegistry registry) {
    refusals = registry;
    written = Counter.builder("glassbox.store.explanations.written")
        .description("Explanations committed to PostgreSQL").register(registry);
    decodeErrors = Counter.builder("glassbox.store.decode.errors")
        .description("Records skipped because they are not storable explanation v1 JSON").register(registry);
    rejected = Counter.builder("glassbox.store.rejected")
        .description("Explanations skipped because PostgreSQL refused their data").register(registry);
    batch = Timer.builder("glassbox.store.batch")
        .description("Time to write one poll batch and commit its offsets").register(registry);
  }

  private StoreMetrics(Counter written, Counter decodeErrors, Counter rejected, Timer batch) {
    this.refusals = null;
    this.written = written;
    this.decodeErrors = decodeErrors;
    this.rejected = rejected;
    this.batch = batch;
  }

  /** Counts one record refused for {@code reason}. */
  void refused(String reason) {
    if (refusals == null) throw new IllegalStateException("this consumer refuses no records");
    Counter.builder("glassbox.store.refused").tag("reason", reason)
        .description("Records refused because their tenant and id hold another call or were deleted")
        .register(refusals).increment();
  }

  /** The drift report consumer's meters: {@code glassbox_store_drift_*}. */
  static StoreMetrics forDrift(MeterRegistry registry) {
    return new StoreMetrics(
        Counter.builder("glassbox.store.drift.written").description("Drift reports committed to PostgreSQL")
            .register(registry),
        Counter.builder("glassbox.store.drift.decode.errors")
            .description("Records skipped because they are not drift reports").register(registry),
        Counter.builder("glassbox.store.drift.rejected")
            .description("Drift reports skipped because PostgreSQL refused their data").register(registry),
        Timer.builder("glassbox.store.drift.batch")
            .description("Time to write one batch of drift reports and commit its offsets").register(registry));
  }
}
