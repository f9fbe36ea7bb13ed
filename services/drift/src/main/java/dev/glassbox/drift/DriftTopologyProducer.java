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
import dev.glassbox.core.json.Json;
import dev.glassbox.core.redact.DeadLetterPayload;
import dev.glassbox.inference.EncoderOptions;
import dev.glassbox.inference.OnnxEncoder;
import dev.glassbox.kafka.FailurePolicy;
import dev.glassbox.kafka.Topic;
import dev.glassbox.kafka.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The drift pipeline, top to bottom: explanations in, one drift report per closed window out. */
@ApplicationScoped
public class DriftTopologyProducer {

  /**
   * Builds the topology. Tests call this same method.
   *
   * <pre>
   * llm.explanations.v1 ─▶ drop call ids seen in the last 7 days (drift-seen-calls)
   *   ─▶ decode (unreadable: on-bad-record, by default log, count, skip) ─▶ key by tenant/app/model ─▶ repartition
   *   ─▶ windows + reference in stores (drift-series, drift-points) ─▶ on close: DriftDetector ─▶ llm.drift.v1
   *   unreadable, under the dlq policy ─▶ redacted text with reason headers ─▶ llm.explanations.dlq.v1
   * </pre>
   */
  public static Topology build(DriftDetector detector, WindowSpec spec, ReferencePolicy policy, int referenceCalls,
      int slidingWindows, DriftMetrics metrics, DriftRouting routing) {
    Topic<String, byte[]> in = Topics.EXPLANATION_RECORDS;
    Topic<String, byte[]> out = Topics.DRIFT_RECORDS;
    Topic<String, byte[]> dlq = Topics.EXPLANATIONS_DLQ_RECORDS;
    StreamsBuilder builder = new StreamsBuilder();
    Serde<DriftPoint> pointSerde = PointSerde.serde();
    addStores(builder, pointSerde);
    KStream<String, ExplanationReader.Read> read = builder
        .stream(routing.input(), Consumed.with(in.keySerde(), in.valueSerde()).withName("explanations"))
        .process(() -> new Deduplicator(metrics), Named.as("drop-repeated-calls"), Deduplicator.STORE)
        .processValues(() -> new ExplanationReader(routing.onBadRecord(), metrics, routing.dlqPayload()), Named.as("decode"));
    read.filter((callId, r) -> r.readable(), Named.as("readable"))
        .map((callId, r) -> KeyValue.pair(r.series(), r.point()), Named.as("key-by-series"))
        .repartition(Repartitioned.with(Serdes.String(), pointSerde).withName("by-series"))
        .process(() -> new DriftWindowProcessor(detector, spec, policy, referenceCalls, slidingWindows, metrics),
            Named.as("windows"), DriftWindowProcessor.SERIES_STORE, DriftWindowProcessor.POINTS_STORE)
        .to(routing.output(), Produced.with(out.keySerde(), out.valueSerde()));
    if (routing.onBadRecord() == FailurePolicy.DLQ) {
      read.filterNot((callId, r) -> r.readable(), Named.as("unreadable"))
          .mapValues(ExplanationReader.Read::original, Named.as("original-bytes"))
          .to(routing.dlq(), Produced.with(dlq.keySerde(), dlq.valueSerde()));
    }
    return builder.build();
  }

  /** The window, reference and seen-call stores, all persistent so a restart resumes where it stopped. */
  private static void addStores(StreamsBuilder builder, Serde<DriftPoint> pointSerde) {
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DriftWindowProcessor.SERIES_STORE),
        Serdes.String(), Serdes.serdeFrom((t, s) -> Json.bytes(s), (t, b) -> readState(b))));
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DriftWindowProcessor.POINTS_STORE),
        Serdes.String(), pointSerde));
    builder.addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore(Deduplicator.STORE,
        Deduplicator.WITHIN.multipliedBy(2), Deduplicator.WITHIN.multipliedBy(2), false), Serdes.String(), Serdes.Long()));
  }

  @Produces
  Topology topology(DriftConfig config, MeterRegistry registry,
      @ConfigProperty(name = "glassbox.dlq.payload", defaultValue = "redact") String dlqPayload,
      @ConfigProperty(name = "glassbox.dlq.key") Optional<String> dlqKey) {
    WindowSpec spec = config.windowCalls() > 0 ? WindowSpec.byCount(config.windowCalls())
        : WindowSpec.byTime(config.window().toMillis(), config.minCalls());
    DriftSettings settings = new DriftSettings(config.alpha(), config.permutations(), config.maxPerSide(),
        config.clusters(), DriftSettings.DEFAULT.psiBins(), DriftSettings.DEFAULT.psiThreshold(),
        DriftSettings.DEFAULT.topChanges(), DriftSettings.DEFAULT.examples(), config.seed());
    int referenceCalls = config.referenceCalls() > 0 ? config.referenceCalls()
        : config.windowCalls() > 0 ? config.windowCalls() : config.minCalls();
    return build(new DriftDetector(settings, concepts(config)), spec, ReferencePolicy.parse(config.reference()),
        referenceCalls, config.slidingWindows(), new DriftMetrics(registry),
        new DriftRouting(config.inputTopic(), config.outputTopic(), config.dlqTopic(), config.onBadRecord(),
            DeadLetterPayload.parse(dlqPayload, dlqKey.orElse(null))));
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
}
