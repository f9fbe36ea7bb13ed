package dev.glassbox.explainer;

import dev.glassbox.core.adapt.Adapted;
import dev.glassbox.core.call.CallKey;
import dev.glassbox.core.explain.CallExplainer;
import dev.glassbox.core.explanation.Explanation;
import dev.glassbox.core.explanation.ExplanationCodec;
import dev.glassbox.core.redact.DeadLetterPayload;
import dev.glassbox.core.redact.RedactedCall;
import dev.glassbox.core.redact.Redactor;
import dev.glassbox.kafka.DeadLetters;
import dev.glassbox.kafka.FailurePolicy;
import java.util.function.Function;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.jboss.logging.Logger;

/**
 * Decodes, validates, redacts and explains one call record. The call is redacted before it is explained, so every
 * text and offset of the published explanation refers to the redacted call. A record that is not a valid call, or
 * whose explanation fails, is handled by the failure policy: by default it becomes a rejection carrying its bytes as
 * the DLQ keeps them (redacted text, see {@link DeadLetterPayload}) and reason headers, so one bad record never stops the stream.
 */
final class ExplainProcessor implements FixedKeyProcessor<String, byte[], ExplainOutcome> {

  private static final Logger LOG = Logger.getLogger(ExplainProcessor.class);

  private final Function<byte[], Adapted> reader;
  private final CallExplainer explainer;
  private final Redactor redactor;
  private final ExplainerMetrics metrics;
  private final FailurePolicy policy;
  private final DeadLetterPayload dlqPayload;
  private FixedKeyProcessorContext<String, ExplainOutcome> context;

  /** {@code reader} turns a record's bytes into a call or the reasons it is not one. */
  ExplainProcessor(Function<byte[], Adapted> reader, CallExplainer explainer, Redactor redactor,
      ExplainerMetrics metrics, FailurePolicy policy, DeadLetterPayload dlqPayload) {
    this.reader = reader;
    this.explainer = explainer;
    this.redactor = redactor;
    this.metrics = metrics;
    this.policy = policy;
    this.dlqPayload = dlqPayload;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, ExplainOutcome> context) {
    this.context = context;
  }

  @Override
  public void process(FixedKeyRecord<String, byte[]> record) {
    long start = System.nanoTime();
    Adapted decoded = reader.apply(record.value());
    if (!decoded.isValid()) {
      reject(record, DeadLetters.INVALID, decoded.reason());
      return;
    }
    Explanation explanation;
    RedactedCall redacted;
    try {
      redacted = redactor.redact(decoded.call());
      explanation = explainer.explain(redacted.call()).withRedactions(redacted.summary());
    } catch (RuntimeException e) {
      // A failure on one call (not on the infrastructure) is the call's: the policy decides, as for bad input.
      LOG.warnf("explaining call %s failed (%s); on-bad-record=%s", decoded.call().id(), e, policy.id());
      reject(record, DeadLetters.ERROR, "explanation failed: " + e);
      return;
    }
    metrics.explained(explanation, System.nanoTime() - start);
    metrics.redacted(redacted.counts());
    // Keyed by the call's identity, so two tenants' calls with one id never share a key (or a partition's history).
    String key = new CallKey(explanation.tenant(), explanation.callId()).recordKey();
    context.forward(record.withValue(new ExplainOutcome(key, ExplanationCodec.encode(explanation), null, null)));
  }

  private void reject(FixedKeyRecord<String, byte[]> record, String kind, String reason) {
    String origin = context.recordMetadata().map(m -> DeadLetters.origin(m.topic(), m.partition(), m.offset()))
        .orElse(null);
    policy.apply(origin, reason, "glassbox.explainer.on-bad-record", () -> {
      metrics.rejected(kind);
      Headers headers = DeadLetters.mark(record.headers(), kind, reason, origin);
      byte[] kept = DeadLetters.keep(headers, record.value(), dlqPayload);
      context.forward(record.withValue(new ExplainOutcome(record.key(), kept, reason, kind)).withHeaders(headers));
    }, () -> {
      metrics.skipped(kind);
      LOG.warnf("skipping record at %s (key %s, %s): %s", origin, record.key(), kind, reason);
    });
  }
}
