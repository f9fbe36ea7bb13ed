package dev.glassbox.explainer;

import dev.glassbox.kafka.FailurePolicy;
import dev.glassbox.kafka.Topics;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/** Settings of the explainer service. */
@ConfigMapping(prefix = "glassbox.explainer")
public interface ExplainerConfig {

  /**
   * Topics to read, each {@code topic=format} with format {@code native} (call v1) or {@code openai} (logged
   * {@code {request, response}} pairs); every topic must also be listed in {@code quarkus.kafka-streams.topics}.
   */
  @WithDefault(Topics.CALLS + "=native")
  List<String> inputs();

  /** Topic the explanations are written to. */
  @WithDefault(Topics.EXPLANATIONS)
  String outputTopic();

  /** Topic of the records the explainer could not explain, under the {@code dlq} policy. */
  @WithDefault(Topics.CALLS_DLQ)
  String dlqTopic();

  /**
   * What happens to a record that is not a valid call or whose explanation fails: {@code dlq} (to the DLQ topic with
   * reason headers), {@code log-and-continue} (logged, counted, dropped) or {@code fail} (the stream stops).
   */
  @WithDefault("dlq")
  FailurePolicy onBadRecord();

  /** Hallucination score at or above which a call is flagged; unset, {@code ExplainerSettings.DEFAULT}'s. */
  OptionalDouble flagThreshold();

  /**
   * A hallucination model file written by {@code glassbox train} (e.g. learned on this deployment's own labelled
   * calls); absent, the model bundled with this build. A file that cannot be read or does not match the features
   * this build computes stops the explainer at start with the reason.
   */
  Optional<String> hallucinationModel();

  /**
   * Per-app model files written by {@code glassbox train --app}, by app name
   * ({@code glassbox.explainer.hallucination-models.support-bot=/models/support-bot.json}); an app without one is
   * scored by {@code hallucination-model}. A file that cannot be read, or was trained for another app, stops the
   * explainer at start with the reason.
   */
  Map<String, String> hallucinationModels();

  /**
   * Whether explanations carry the prompt and response embeddings (needed by drift and similar-call search); unset,
   * {@code ExplainerSettings.DEFAULT}'s.
   */
  Optional<Boolean> includeEmbeddings();

  /** Longest encoder input in word pieces; longer texts are truncated. */
  @WithDefault("256")
  int encoderMaxTokens();

  /**
   * Most word pieces (rows × padded length) per encoder forward pass; a longer text runs alone. Small passes are
   * fastest for the int8 model on a CPU (it quantises activations per pass; see the README's performance section).
   */
  @WithDefault("128")
  int encoderBatchTokens();

  /** ONNX Runtime intra-op threads; 0 means one per core. */
  @WithDefault("0")
  int encoderThreads();

  /** Whether idle ONNX Runtime threads spin (faster alone on a machine, wasteful when sharing it). */
  @WithDefault("false")
  boolean encoderSpinning();

  /**
   * cpu, gpu (ONNX Runtime's CUDA provider; needs the {@code -Pgpu} build and a GPU, else the CPU with a warning) or
   * auto (the GPU when one works).
   */
  @WithDefault("cpu")
  String encoderDevice();

  /** When and how calls get an attribution. */
  Attribution attribution();

  /** The trained verifier ({@code glassbox.explainer.verifier.*}). */
  VerifierSwitch verifier();

  /** Whether each sentence is also read with its closest sources and the samples by the trained verifier. */
  interface VerifierSwitch {
    /**
     * Off by default: the committed verifier misses its held-out targets (its model card) and the hallucination model
     * does not read it, so on it adds signals and reasons at ~0.55 of the calls/s, nothing to the score.
     */
    @WithDefault("false")
    boolean enabled();
  }

  /**
   * Attribution settings ({@code glassbox.explainer.attribution.*}); a key left unset takes its value from
   * {@code AttributionSettings.DEFAULT}, the one place the defaults are written.
   */
  interface Attribution {
    /** off, flagged (every flagged call plus a sample of the others) or all. */
    Optional<String> mode();

    /** Share of unflagged calls attributed in flagged mode, chosen by a hash of the call id. */
    OptionalDouble sampleRate();

    /** contextcite, shapley or leave-one-out. */
    Optional<String> method();

    /** Random ablations of contextcite. */
    OptionalInt ablations();

    /** Permutations of shapley. */
    OptionalInt permutations();

    /** Most target evaluations per call; methods are cut down to fit. */
    OptionalInt maxEvaluations();

    /** Most segments attributed per call (the first ones in order). */
    OptionalInt maxSegments();

    /** Share of segments taken as the top for comprehensiveness and sufficiency. */
    OptionalDouble topFraction();

    /** What is explained: surrogate (the encoder's support) or verifier (its entailment; needs the verifier on). */
    Optional<String> target();
  }

  /** Redaction of personal data and secrets from each call before it is explained and published. */
  Redaction redaction();

  /** {@code glassbox.explainer.redaction.*}: a mode per field group, the detectors, the hash key. */
  interface Redaction {

    /** Mode of every field group not set on its own: {@code redact} (typed placeholder), {@code hash} or {@code off}. */
    @WithDefault("redact")
    String mode();

    /** Mode of prompt message contents; the general mode when unset. */
    Optional<String> prompt();

    /** Mode of the response and its log-prob tokens; the general mode when unset. */
    Optional<String> response();

    /** Mode of context passage texts; the general mode when unset. */
    Optional<String> context();

    /** Mode of samples; the general mode when unset. */
    Optional<String> samples();

    /** Mode of string values inside attributes (keys are kept); the general mode when unset. */
    Optional<String> attributes();

    /** Secret HMAC key of {@code hash} mode; required when any field group hashes. */
    Optional<String> hashKey();

    /** Detectors to run: some of {@code email, phone, card, iban, ip, secret}. */
    @WithDefault("email,phone,card,iban,ip,secret")
    List<String> detectors();
  }

  /**
   * Longest text (message, response, passage, sample) in characters; a longer one sends the call to the DLQ.
   * Unset: {@link dev.glassbox.core.call.Limits#DEFAULT}, as in ingest.
   */
  OptionalInt maxTextChars();

  /** Most {@code logprobs} entries per call; more sends the call to the DLQ. Unset: {@code Limits.DEFAULT}. */
  OptionalInt maxTokens();

  /** Earliest accepted call {@code timestamp}; an earlier one is rejected naming the field. Unset: {@code Limits.DEFAULT}. */
  Optional<Instant> earliestTimestamp();

  /** How far past now a call {@code timestamp} may lie; a later one is rejected. Unset: {@code Limits.DEFAULT}. */
  Optional<Duration> maxTimestampAhead();
}
