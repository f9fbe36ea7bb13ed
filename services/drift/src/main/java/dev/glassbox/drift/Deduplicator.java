package dev.glassbox.drift;

import java.time.Duration;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Drops an explanation whose call id (the record key) was already seen within {@link #WITHIN}: a call re-sent
 * upstream, or an explanation topic replayed, must not enter a drift window twice. Ids are kept in a window
 * store whose segments expire with stream time, so the state stays bounded. Records without a key pass.
 */
final class Deduplicator implements Processor<String, byte[], String, byte[]> {

  static final String STORE = "drift-seen-calls";
  /** How long a call id is remembered, by record time. */
  static final Duration WITHIN = Duration.ofDays(7);

  private final DriftMetrics metrics;
  private ProcessorContext<String, byte[]> context;
  private WindowStore<String, Long> seen;

  Deduplicator(DriftMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, byte[]> context) {
    this.context = context;
    this.seen = context.getStateStore(STORE);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    String callId = record.key();
    if (callId != null) {
      long ts = record.timestamp();
      try (WindowStoreIterator<Long> it = seen.fetch(callId, ts - WITHIN.toMillis(), ts + WITHIN.toMillis())) {
        if (it.hasNext()) {
          metrics.duplicate();
          return;
        }
      }
      seen.put(callId, ts, ts);
    }
    context.forward(record);
  }
}
