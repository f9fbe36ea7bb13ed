package dev.glassbox.explainer;

import dev.glassbox.core.explanation.Explanation;
import dev.glassbox.core.redact.FieldGroup;
import dev.glassbox.core.redact.PiiType;
import dev.glassbox.core.redact.RedactionCounts;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * The explainer's Prometheus metrics: calls explained and rejected, flagged calls, encoder texts,
 * latency, and redactions by type and field group.
 */
final class ExplainerMetrics {

  private final MeterRegistry registry;
  private final Timer latency;

  ExplainerMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.latency = Timer.builder("glassbox_explainer_processing").description("time to explain one call")
        .publishPercentiles(0.5, 0.99).register(registry);
  }

  void explained(Explanation e, long nanos) {
    latency.record(nanos, TimeUnit.NANOSECONDS);
    registry.counter("glassbox_explainer_calls", "outcome", "explained").increment();
    if (e.hallucination().flagged()) registry.counter("glassbox_explainer_flagged").increment();
    registry.counter("glassbox_explainer_encoder_texts").increment(e.encoderPasses());
    if (e.attribution() != null) {
      String method = e.attribution().method();
      registry.counter("glassbox_explainer_attributions", "method", method).increment();
      registry.counter("glassbox_explainer_attribution_evaluations", "method", method)
          .increment(e.attribution().evaluations());
    }
  }

  /** Counts the findings redacted from one published call as {@code glassbox_redactions{type, field}}. */
  void redacted(RedactionCounts counts) {
    if (counts.total() == 0) return;
    for (PiiType type : PiiType.values()) {
      for (FieldGroup field : FieldGroup.values()) {
        int n = counts.count(type, field);
        if (n > 0) registry.counter("glassbox_redactions", "type", type.id(), "field", field.id()).increment(n);
      }
    }
  }

  void rejected(String kind) {
    registry.counter("glassbox_explainer_calls", "outcome", "dlq", "kind", kind).increment();
  }

  /** A record dropped under the log-and-continue policy. */
  void skipped(String kind) {
    registry.counter("glassbox_explainer_calls", "outcome", "skipped", "kind", kind).increment();
  }
}
