package dev.glassbox.explainer;

import dev.glassbox.core.adapt.Adapted;
import dev.glassbox.core.attribution.AttributionMethod;
import dev.glassbox.core.attribution.AttributionMode;
import dev.glassbox.core.attribution.AttributionTarget;
import dev.glassbox.core.attribution.AttributionSettings;
import dev.glassbox.core.call.CallCodec;
import dev.glassbox.core.call.Limits;
import dev.glassbox.core.encode.Encoder;
import dev.glassbox.core.explain.CallExplainer;
import dev.glassbox.core.explain.ExplainerSettings;
import dev.glassbox.core.redact.DeadLetterPayload;
import dev.glassbox.core.redact.RedactionPolicy;
import dev.glassbox.core.redact.Redactor;
import dev.glassbox.core.appmodel.AppModel;
import dev.glassbox.core.appmodel.AppModels;
import dev.glassbox.core.signal.HallucinationModel;
import dev.glassbox.core.verify.CachedVerifier;
import dev.glassbox.core.verify.Verifier;
import dev.glassbox.inference.EncoderOptions;
import dev.glassbox.inference.OnnxEncoder;
import dev.glassbox.inference.OnnxVerifier;
import dev.glassbox.kafka.Topic;
import dev.glassbox.kafka.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The explainer pipeline, top to bottom: calls in, explanations out, unreadable records to the DLQ. */
@ApplicationScoped
public class ExplainerTopologyProducer {

  /** Builds the topology with the default redaction (typed placeholders in every field, every detector) and outputs. */
  public static Topology build(CallCodec codec, CallExplainer explainer, ExplainerMetrics metrics,
      List<ExplainerInput> inputs) {
    return build(codec, explainer, new Redactor(RedactionPolicy.DEFAULT), metrics, inputs, ExplainerOutputs.DEFAULT);
  }

  /**
   * Builds the topology. Tests call this same method with a fake encoder.
   *
   * <pre>
   * llm.calls.v1 ─▶ decode + validate + redact + explain ─┐
   * other inputs ─▶ map format + validate + redact + explain ─┴┬─ explained ─▶ key by call id ─▶ llm.explanations.v1
   *                                                            └─ rejected (reason headers, redacted text) ─▶ llm.calls.dlq.v1
   * </pre>
   *
   * Under the log-and-continue and fail policies nothing is rejected (records are dropped, or the stream stops).
   */
  public static Topology build(CallCodec codec, CallExplainer explainer, Redactor redactor, ExplainerMetrics metrics,
      List<ExplainerInput> inputs, ExplainerOutputs outputs) {
    Topic<String, byte[]> in = Topics.CALL_RECORDS;
    Topic<String, byte[]> out = Topics.EXPLANATION_RECORDS;
    Topic<String, byte[]> dlq = Topics.CALLS_DLQ_RECORDS;
    StreamsBuilder builder = new StreamsBuilder();
    KStream<String, ExplainOutcome> outcomes = null;
    for (ExplainerInput input : inputs) {
      // The first input keeps the single-input node names, so a one-topic topology reads as before.
      String suffix = outcomes == null ? "" : "-" + input.topic();
      Function<byte[], Adapted> reader = input.reader(codec);
      KStream<String, ExplainOutcome> explained = builder
          .stream(input.topic(), Consumed.with(in.keySerde(), in.valueSerde()).withName("calls" + suffix))
          .processValues(() -> new ExplainProcessor(reader, explainer, redactor, metrics, outputs.onBadRecord(),
              outputs.dlqPayload()),
              Named.as("explain" + suffix));
      outcomes = outcomes == null ? explained : outcomes.merge(explained, Named.as("merge" + suffix));
    }
    outcomes.split(Named.as("outcome-"))
        .branch((key, outcome) -> outcome.explained(), Branched.withConsumer(explained -> explained
            .map((key, outcome) -> KeyValue.pair(outcome.key(), outcome.value()), Named.as("key-by-call-id"))
            .to(outputs.explanations(), Produced.with(out.keySerde(), out.valueSerde())), "explained"))
        .defaultBranch(Branched.withConsumer(rejected -> rejected
            .mapValues(ExplainOutcome::value, Named.as("original-bytes"))
            .to(outputs.dlq(), Produced.with(dlq.keySerde(), dlq.valueSerde())), "rejected"));
    return builder.build();
  }

  @Produces
  Topology topology(Encoder encoder, VerifierChoice verifier, ExplainerConfig config, MeterRegistry registry,
      @ConfigProperty(name = "glassbox.dlq.payload", defaultValue = "redact") String dlqPayload,
      @ConfigProperty(name = "glassbox.dlq.key") Optional<String> dlqKey) {
    CallExplainer explainer = new CallExplainer(encoder, settings(config), hallucinationModel(config.hallucinationModel()),
        appModels(config.hallucinationModels()), verifier.verifier());
    // The same limits as ingest's keys, so that raising them there does not send those calls to the DLQ here.
    CallCodec codec = new CallCodec(Limits.DEFAULT.withConfigured(config.maxTextChars(), config.maxTokens())
        .withTimestampRange(config.earliestTimestamp(), config.maxTimestampAhead()));
    return build(codec, explainer, new Redactor(redactionPolicy(config.redaction())),
        new ExplainerMetrics(registry), ExplainerInput.parseAll(config.inputs()),
        new ExplainerOutputs(config.outputTopic(), config.dlqTopic(), config.onBadRecord(),
            DeadLetterPayload.parse(dlqPayload, dlqKey.orElse(null))));
  }

  /** The explainer settings of {@code glassbox.explainer.*}, the core defaults where a key is unset. */
  static ExplainerSettings settings(ExplainerConfig config) {
    ExplainerSettings d = ExplainerSettings.DEFAULT;
    return new ExplainerSettings(config.flagThreshold().orElse(d.flagThreshold()),
        config.includeEmbeddings().orElse(d.includeEmbeddings()), attribution(config.attribution()));
  }

  /** The attribution settings of {@code glassbox.explainer.attribution.*}, the core defaults where a key is unset. */
  static AttributionSettings attribution(ExplainerConfig.Attribution a) {
    AttributionSettings d = AttributionSettings.DEFAULT;
    return new AttributionSettings(a.mode().map(AttributionMode::of).orElse(d.mode()),
        a.sampleRate().orElse(d.sampleRate()), a.method().map(AttributionMethod::of).orElse(d.method()),
        a.ablations().orElse(d.ablations()), a.permutations().orElse(d.permutations()),
        a.maxEvaluations().orElse(d.maxEvaluations()), a.maxSegments().orElse(d.maxSegments()),
        a.topFraction().orElse(d.topFraction()), a.target().map(AttributionTarget::of).orElse(d.target()));
  }

  /** The model file {@code glassbox.explainer.hallucination-model} names, else the bundled one. */
  static HallucinationModel hallucinationModel(Optional<String> path) {
    if (path.isEmpty() || path.get().isBlank()) return HallucinationModel.bundled();
    try {
      return HallucinationModel.read(java.nio.file.Files.readAllBytes(java.nio.file.Path.of(path.get())));
    } catch (java.io.IOException | RuntimeException e) {
      throw new IllegalArgumentException("glassbox.explainer.hallucination-model: cannot use " + path.get() + ": "
          + e.getMessage(), e);
    }
  }

  /** The per-app model files {@code glassbox.explainer.hallucination-models.<app>} names, each read and checked now. */
  static AppModels appModels(Map<String, String> paths) {
    Map<String, AppModel> models = new java.util.LinkedHashMap<>();
    paths.forEach((app, path) -> {
      try {
        models.put(app, AppModel.read(java.nio.file.Files.readAllBytes(java.nio.file.Path.of(path))));
      } catch (java.io.IOException | RuntimeException e) {
        throw new IllegalArgumentException("glassbox.explainer.hallucination-models." + app + ": cannot use " + path + ": "
            + e.getMessage(), e);
      }
    });
    try {
      return new AppModels(models);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("glassbox.explainer.hallucination-models: " + e.getMessage(), e);
    }
  }

  /** The redaction policy of {@code glassbox.explainer.redaction.*}; a bad value stops startup with its reason. */
  static RedactionPolicy redactionPolicy(ExplainerConfig.Redaction r) {
    Map<String, String> overrides = new LinkedHashMap<>();
    override(overrides, "prompt", r.prompt());
    override(overrides, "response", r.response());
    override(overrides, "context", r.context());
    override(overrides, "samples", r.samples());
    override(overrides, "attributes", r.attributes());
    try {
      return RedactionPolicy.parse(r.mode(), overrides, r.detectors(), r.hashKey().orElse(null));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("glassbox.explainer.redaction: " + e.getMessage(), e);
    }
  }

  private static void override(Map<String, String> overrides, String group, Optional<String> mode) {
    mode.ifPresent(m -> overrides.put(group, m));
  }

  @Produces
  @Singleton
  Encoder encoder(ExplainerConfig config) {
    return new OnnxEncoder(encoderOptions(config));
  }

  private static EncoderOptions encoderOptions(ExplainerConfig config) {
    return new EncoderOptions(config.encoderMaxTokens(), config.encoderBatchTokens(), config.encoderThreads(),
        config.encoderSpinning(), config.encoderDevice());
  }

  /** The verifier {@code glassbox.explainer.verifier.enabled} asks for, or none (a CDI producer cannot give null). */
  record VerifierChoice(Verifier verifier) {}

  /** The committed verifier on the encoder's device and threads, behind a cache of recent verdicts; or none. */
  @Produces
  @Singleton
  VerifierChoice verifier(ExplainerConfig config) {
    if (!config.verifier().enabled()) return new VerifierChoice(null);
    return new VerifierChoice(new CachedVerifier(new OnnxVerifier(encoderOptions(config)), VERIFIER_CACHE));
  }

  /** Verdicts remembered by (evidence, claim): redelivered and retried calls are verified once. */
  static final int VERIFIER_CACHE = 4096;

  void close(@Disposes VerifierChoice verifier) {
    if (verifier.verifier() != null) verifier.verifier().close();
  }

  void close(@Disposes Encoder encoder) {
    encoder.close();
  }
}
