package dev.glassbox.drift;

import dev.glassbox.core.drift.DriftDetector;
import dev.glassbox.core.drift.DriftPoint;
import dev.glassbox.core.drift.DriftReport;
import dev.glassbox.core.drift.ReferencePolicy;
import dev.glassbox.core.drift.WindowSpec;
import dev.glassbox.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

/**
 * Collects the points of each series into windows held in state stores; when a window closes, compares it with the
 * series' reference and forwards the drift report, then moves the reference on by the configured policy.
 */
final class DriftWindowProcessor implements Processor<String, DriftPoint, String, byte[]> {

  static final String SERIES_STORE = "drift-series";
  static final String POINTS_STORE = "drift-points";
  private static final Logger LOG = Logger.getLogger(DriftWindowProcessor.class);

  private final DriftDetector detector;
  private final WindowSpec spec;
  private final ReferencePolicy policy;
  private final int referenceCalls;
  private final int slidingWindows;
  private final DriftMetrics metrics;
  private ProcessorContext<String, byte[]> context;
  private KeyValueStore<String, SeriesState> series;
  private KeyValueStore<String, DriftPoint> points;

  DriftWindowProcessor(DriftDetector detector, WindowSpec spec, ReferencePolicy policy, int referenceCalls,
      int slidingWindows, DriftMetrics metrics) {
    this.detector = detector;
    this.spec = spec;
    this.policy = policy;
    this.referenceCalls = referenceCalls;
    this.slidingWindows = Math.max(1, slidingWindows);
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, byte[]> context) {
    this.context = context;
    this.series = context.getStateStore(SERIES_STORE);
    this.points = context.getStateStore(POINTS_STORE);
  }

  @Override
  public void process(Record<String, DriftPoint> record) {
    String key = record.key();
    DriftPoint p = record.value();
    SeriesState s = series.get(key);
    if (s == null) s = SeriesState.first();
    if (s.openCalls() > 0 && spec.closesBefore(s.openLast(), s.openCalls(), p.timestampMillis())) {
      s = close(key, s, record.timestamp());
    }
    long last = s.openCalls() == 0 ? p.timestampMillis() : Math.max(s.openLast(), p.timestampMillis());
    points.put(pointKey(key, s.openWindow(), s.nextSeq()), p);
    s = new SeriesState(s.openWindow(), last, s.openCalls() + 1, s.nextSeq() + 1, s.referenceWindows(),
        s.referenceCalls(), s.fixedComplete());
    if (spec.full(s.openCalls())) s = close(key, s, record.timestamp());
    series.put(key, s);
  }

  private SeriesState close(String key, SeriesState s, long timestamp) {
    List<DriftPoint> window = load(key, s.openWindow());
    List<Long> refs = new ArrayList<>(s.referenceWindows());
    int refCalls = s.referenceCalls();
    boolean comparable = !refs.isEmpty() && (policy != ReferencePolicy.FIXED || s.fixedComplete());
    if (comparable) {
      List<DriftPoint> reference = new ArrayList<>();
      for (long w : refs) reference.addAll(load(key, w));
      String[] parts = splitKey(key);
      try {
        DriftReport report = detector.compare(parts[1], parts[2], parts[0], policy.label(), reference, window);
        metrics.window(report);
        context.forward(new Record<>(key, Json.bytes(report), timestamp));
      } catch (IllegalArgumentException e) {
        // Too few usable calls on one side: say so and move on rather than stop the series.
        LOG.warnf("series %s: window %d not compared: %s", key, s.openWindow(), e.getMessage());
      }
    }
    boolean fixedComplete = s.fixedComplete();
    switch (policy) {
      case FIXED -> {
        if (!fixedComplete) {
          refs.add(s.openWindow());
          refCalls += window.size();
          fixedComplete = refCalls >= referenceCalls;
        } else {
          delete(key, s.openWindow());
        }
      }
      case PREVIOUS -> {
        for (long w : refs) delete(key, w);
        refs = new ArrayList<>(List.of(s.openWindow()));
        refCalls = window.size();
      }
      case SLIDING -> {
        refs.add(s.openWindow());
        refCalls += window.size();
        while (refs.size() > slidingWindows) {
          long dropped = refs.remove(0);
          refCalls -= load(key, dropped).size();
          delete(key, dropped);
        }
      }
    }
    return new SeriesState(s.openWindow() + 1, 0, 0, s.nextSeq(), List.copyOf(refs), refCalls, fixedComplete);
  }

  private List<DriftPoint> load(String key, long window) {
    List<DriftPoint> out = new ArrayList<>();
    try (KeyValueIterator<String, DriftPoint> it = points.prefixScan(windowPrefix(key, window), new StringSerializer())) {
      while (it.hasNext()) out.add(it.next().value);
    }
    return out;
  }

  private void delete(String key, long window) {
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, DriftPoint> it = points.prefixScan(windowPrefix(key, window), new StringSerializer())) {
      while (it.hasNext()) {
        KeyValue<String, DriftPoint> kv = it.next();
        keys.add(kv.key);
      }
    }
    keys.forEach(points::delete);
  }

  /** The series key: tenant, app and model joined by '/', each part with '%' and '/' escaped. */
  static String seriesKey(String tenant, String app, String model) {
    return escape(tenant) + "/" + escape(app) + "/" + escape(model);
  }

  private static String escape(String s) {
    return s.replace("%", "%25").replace("/", "%2F");
  }

  static String[] splitKey(String key) {
    String[] parts = key.split("/", -1);
    for (int i = 0; i < parts.length; i++) parts[i] = parts[i].replace("%2F", "/").replace("%25", "%");
    return parts;
  }

  private static String windowPrefix(String key, long window) {
    return key + '\u0000' + String.format(Locale.ROOT, "%019d", window) + '\u0000';
  }

  private static String pointKey(String key, long window, long seq) {
    return windowPrefix(key, window) + String.format(Locale.ROOT, "%019d", seq);
  }
}
