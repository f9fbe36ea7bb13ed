package dev.glassbox.ingest;

import dev.glassbox.core.call.Limits;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.Instant;
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
}
