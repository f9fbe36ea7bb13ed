package dev.glassbox.core.call;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Size limits a call must respect; a call past any of them is rejected with the field and the limit,
 * never truncated silently.
 *
 * @param maxIdChars longest accepted {@code id}
 * @param maxNameChars longest {@code app}, {@code model}, {@code tenant}, message role or passage id
 * @param maxTextChars longest single text (a message, the response, a passage, a sample, a token)
 * @param maxMessages most prompt messages
 * @param maxPassages most context passages
 * @param maxSamples most samples
 * @param maxTokens most {@code logprobs} entries
 * @param maxTopLogprobs most {@code top_logprobs} entries per token
 * @param maxDepth deepest JSON nesting accepted inside {@code attributes} and {@code labels}
 * @param earliestTimestamp earliest accepted {@code timestamp}
 * @param maxTimestampAhead how far past the validating clock's now a {@code timestamp} may lie; the range
 *     exists because PostgreSQL cannot store every instant JSON can name, and a call accepted but never
 *     stored would be lost silently
 */
public record Limits(
    int maxIdChars,
    int maxNameChars,
    int maxTextChars,
    int maxMessages,
    int maxPassages,
    int maxSamples,
    int maxTokens,
    int maxTopLogprobs,
    int maxDepth,
    Instant earliestTimestamp,
    Duration maxTimestampAhead) {

  /**
   * The documented defaults, and the one source of them: a service's config overrides a value with the
   * {@code with...} methods below and keeps the others.
   */
  public static final Limits DEFAULT = new Limits(128, 256, 200_000, 256, 64, 32, 16_384, 20, 16,
      Instant.EPOCH, Duration.ofDays(1));

  /** These limits with another {@code maxTextChars}. */
  public Limits withMaxTextChars(int chars) {
    return new Limits(maxIdChars, maxNameChars, chars, maxMessages, maxPassages, maxSamples, maxTokens,
        maxTopLogprobs, maxDepth, earliestTimestamp, maxTimestampAhead);
  }

  /** These limits with another {@code maxTokens}. */
  public Limits withMaxTokens(int tokens) {
    return new Limits(maxIdChars, maxNameChars, maxTextChars, maxMessages, maxPassages, maxSamples, tokens,
        maxTopLogprobs, maxDepth, earliestTimestamp, maxTimestampAhead);
  }

  /**
   * These limits with the text and token limits a service's config sets ({@code max-text-chars},
   * {@code max-tokens}); a key left unset keeps the value here.
   */
  public Limits withConfigured(OptionalInt maxTextChars, OptionalInt maxTokens) {
    Limits l = maxTextChars.isPresent() ? withMaxTextChars(maxTextChars.getAsInt()) : this;
    return maxTokens.isPresent() ? l.withMaxTokens(maxTokens.getAsInt()) : l;
  }

  /**
   * These limits with the timestamp range a service's config sets ({@code earliest-timestamp},
   * {@code max-timestamp-ahead}); a key left unset keeps the value here.
   */
  public Limits withTimestampRange(Optional<Instant> earliest, Optional<Duration> maxAhead) {
    return new Limits(maxIdChars, maxNameChars, maxTextChars, maxMessages, maxPassages, maxSamples, maxTokens,
        maxTopLogprobs, maxDepth, earliest.orElse(earliestTimestamp), maxAhead.orElse(maxTimestampAhead));
  }
}
