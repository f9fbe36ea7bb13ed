package dev.glassbox.drift;

import dev.glassbox.core.drift.Concept;
import dev.glassbox.core.drift.ConceptFile;
import dev.glassbox.core.drift.ConceptVector;
import dev.glassbox.core.drift.Concepts;
import dev.glassbox.core.drift.DriftDetector;
import dev.glassbox.core.drift.DriftPoint;
import dev.glassbox.core.drift.DriftSettings;
import dev.glassbox.core.drift.ReferencePolicy;
import dev.glassbox.core.drift.WindowSpec;
import dev.glassbox.core.explanation.Explanation;
import dev.glassbox.core.explanation.ExplanationCodec;
import dev.glassbox.core.json.Json;
import dev.glassbox.inference.EncoderOptions;
import dev.glassbox.inference.OnnxEncoder;
import dev.glassbox.kafka.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;
import org.jboss.logging.Logger;

/** The drift pipeline, top to bottom: explanations in, one drift report per closed window out. */
@ApplicationScoped
public class DriftTopologyProducer {

  private static final Logger LOG = Logger.getLogger(DriftTopologyProducer.class);

  /**
   * Builds the topology. Tests call this same method.
   *
   * <pre>
   * llm.explanations.v1 ─▶ drop call ids seen in the last 7 days (drift-seen-calls)
   *   ─▶ decode (unreadable: log, count, skip) ─▶ key by tenant/app/model ─▶ repartition
   *   ─▶ windows + reference in stores (drift-series, drift-points) ─▶ on close: DriftDetector ─▶ llm.drift.v1
   * </pre>
   */
  public static Topology build(DriftDetector detector, WindowSpec spec, ReferencePolicy policy, int referenceCalls,
      int slidingWindows, DriftMetrics metrics) {
    StreamsBuilder builder = new StreamsBuilder();
    Serde<DriftPoint> pointSerde = PointSerde.serde();
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DriftWindowProcessor.SERIES_STORE),
        Serdes.String(), Serdes.serdeFrom((t, s) -> Json.bytes(s), (t, b) -> readState(b))));
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DriftWindowProcessor.POINTS_STORE),
        Serdes.String(), pointSerde));
    builder.addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore(Deduplicator.STORE,
        Deduplicator.WITHIN.multipliedBy(2), Deduplicator.WITHIN.multipliedBy(2), false), Serdes.String(), Serdes.Long()));
    builder.stream(Topics.EXPLANATIONS, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("explanations"))
        .process(() -> new Deduplicator(metrics), Named.as("drop-repeated-calls"), Deduplicator.STORE)
        .flatMap((callId, bytes) -> {
          try {
            Explanation e = ExplanationCodec.decode(bytes);
            DriftPoint p = DriftPoint.of(e);
            metrics.read();
            return List.of(KeyValue.pair(DriftWindowProcessor.seriesKey(e.tenant(), e.app(), e.model()), p));
          } catch (RuntimeException ex) {
            // An unreadable explanation cannot be windowed; skipping it keeps every other series moving.
            metrics.skipped();
            LOG.warnf("skipping unreadable explanation (key %s): %s", callId, firstLine(ex));
            return List.<KeyValue<String, DriftPoint>>of();
          }
        }, Named.as("decode-and-key-by-series"))
        .repartition(Repartitioned.with(Serdes.String(), pointSerde).withName("by-series"))
        .process(() -> new DriftWindowProcessor(detector, spec, policy, referenceCalls, slidingWindows, metrics),
            Named.as("windows"), DriftWindowProcessor.SERIES_STORE, DriftWindowProcessor.POINTS_STORE)
        .to(Topics.DRIFT, Produced.with(Serdes.String(), Serdes.ByteArray()));
    return builder.build();
  }

  @Produces
  Topology topology(DriftConfig config, MeterRegistry registry) {
    WindowSpec spec = config.windowCalls() > 0 ? WindowSpec.byCount(config.windowCalls())
        : WindowSpec.byTime(config.window().toMillis(), config.minCalls());
    DriftSettings settings = new DriftSettings(config.alpha(), config.permutations(), config.maxPerSide(),
        config.clusters(), DriftSettings.DEFAULT.psiBins(), DriftSettings.DEFAULT.psiThreshold(),
        DriftSettings.DEFAULT.topChanges(), DriftSettings.DEFAULT.examples(), config.seed());
    int referenceCalls = config.referenceCalls() > 0 ? config.referenceCalls()
        : config.windowCalls() > 0 ? config.windowCalls() : config.minCalls();
    return build(new DriftDetector(settings, concepts(config)), spec, ReferencePolicy.parse(config.reference()),
        referenceCalls, config.slidingWindows(), new DriftMetrics(registry));
  }

  /** Embeds the declared concepts once at start; the encoder is loaded only when there is a concept file. */
  private static List<ConceptVector> concepts(DriftConfig config) {
    if (config.conceptsFile().isEmpty()) return List.of();
    List<Concept> concepts;
    try {
      concepts = ConceptFile.parse(Files.readString(Path.of(config.conceptsFile().get()), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("glassbox.drift.concepts-file: cannot read " + config.conceptsFile().get(), e);
    }
    try (OnnxEncoder encoder = new OnnxEncoder(EncoderOptions.DEFAULT)) {
      return Concepts.embed(concepts, encoder);
    }
  }

  private static SeriesState readState(byte[] b) {
    if (b == null) return null;
    try {
      return Json.mapper().readValue(b, SeriesState.class);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String firstLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    m = m.lines().findFirst().orElse("");
    return m.length() > 200 ? m.substring(0, 200) + "..." : m;
  }
}
