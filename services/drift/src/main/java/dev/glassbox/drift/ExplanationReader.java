package dev.glassbox.drift;

import dev.glassbox.core.drift.DriftPoint;
import dev.glassbox.core.explanation.Explanation;
import dev.glassbox.core.explanation.ExplanationCodec;
import dev.glassbox.core.redact.DeadLetterPayload;
import dev.glassbox.kafka.DeadLetters;
import dev.glassbox.kafka.FailurePolicy;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.jboss.logging.Logger;

/**
 * Reads an explanation into a drift point named by its series; an unreadable one cannot be windowed and is handled
 * by the failure policy (by default skipped, which keeps every other series moving).
 */
final class ExplanationReader implements FixedKeyProcessor<String, byte[], ExplanationReader.Read> {

  private static final Logger LOG = Logger.getLogger(ExplanationReader.class);

  /**
   * A read explanation, or what the DLQ keeps of a rejected one's bytes.
   *
   * @param series the series key, {@code tenant/app/model}; {@code null} when rejected
   * @param point the drift point; {@code null} when rejected
   * @param original the DLQ's value when rejected (see {@link DeadLetters#keep}); {@code null} otherwise
   */
  record Read(String series, DriftPoint point, byte[] original) {
    boolean readable() {
      return point != null;
    }
  }

  private final FailurePolicy policy;
  private final DriftMetrics metrics;
  private final DeadLetterPayload dlqPayload;
  private FixedKeyProcessorContext<String, Read> context;

  ExplanationReader(FailurePolicy policy, DriftMetrics metrics, DeadLetterPayload dlqPayload) {
    this.policy = policy;
    this.metrics = metrics;
    this.dlqPayload = dlqPayload;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, Read> context) {
    this.context = context;
  }

  @Override
  public void process(FixedKeyRecord<String, byte[]> record) {
    Read read;
    try {
      Explanation e = ExplanationCodec.decode(record.value());
      read = new Read(DriftWindowProcessor.seriesKey(e.tenant(), e.app(), e.model()), DriftPoint.of(e), null);
    } catch (RuntimeException ex) {
      reject(record, firstLine(ex));
      return;
    }
    metrics.read();
    context.forward(record.withValue(read));
  }

  private void reject(FixedKeyRecord<String, byte[]> record, String reason) {
    String origin = context.recordMetadata().map(m -> DeadLetters.origin(m.topic(), m.partition(), m.offset()))
        .orElse(null);
    policy.apply(origin, reason, "glassbox.drift.on-bad-record", () -> {
      metrics.rejected();
      Headers headers = DeadLetters.mark(record.headers(), DeadLetters.INVALID, reason, origin);
      context.forward(record.withValue(new Read(null, null, DeadLetters.keep(headers, record.value(), dlqPayload)))
          .withHeaders(headers));
    }, () -> {
      metrics.skipped();
      LOG.warnf("skipping unreadable explanation (key %s): %s", record.key(), reason);
    });
  }

  private static String firstLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    m = m.lines().findFirst().orElse("");
    return m.length() > 200 ? m.substring(0, 200) + "..." : m;
  }
}
