package dev.glassbox.ingest;

import dev.glassbox.core.call.Limits;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Settings of the ingest service; the request size limit itself is {@code quarkus.http.limits.max-body-size}. */
@ConfigMapping(prefix = "glassbox.ingest")
public interface IngestConfig {

  /** Topic that accepted calls are published to. */
  @WithDefault("llm.calls.v1")
  String topic();

  /** How long a request waits for Kafka to acknowledge its records before answering 503. */
  @WithDefault("30s")
  Duration sendTimeout();

  /**
   * Largest body in bytes once a gzip or deflate {@code Content-Encoding} is undone; more is a 413, as
   * {@code quarkus.http.limits.max-body-size} is for the body as sent.
   */
  @WithDefault("8388608")
  long maxInflatedBodyBytes();

  /** Most records accepted in one request; more is a 413. */
  @WithDefault("10000")
  int maxRecords();

  /** Longest text field (message, response, passage, sample) in characters; unset: {@link Limits#DEFAULT}. */
  OptionalInt maxTextChars();

  /** Most {@code logprobs} entries per call; unset: {@link Limits#DEFAULT}. */
  OptionalInt maxTokens();

  /** Earliest accepted call {@code timestamp}; an earlier one is rejected naming the field. Unset: {@code Limits.DEFAULT}. */
  Optional<Instant> earliestTimestamp();

  /** How far past now a call {@code timestamp} may lie; a later one is rejected. Unset: {@code Limits.DEFAULT}. */
  Optional<Duration> maxTimestampAhead();

  /** Producer keys: who may send calls, and for which tenant. */
  Auth auth();

  /** Bearer-token access to the ingest endpoints; {@code /q/health} and {@code /q/metrics} stay open. */
  interface Auth {

    /** Whether sending needs a key; turning it off lets anyone who can reach the port send calls for any tenant. */
    @WithDefault("true")
    boolean enabled();

    /**
     * Producer keys, comma-separated, each {@code name:tenant:token}: calls sent with the key are that tenant's
     * (the tenant holds no {@code :} and no control character); tokens of at least 16 characters. Required when
     * enabled.
     */
    Optional<List<String>> keys();
  }
}
