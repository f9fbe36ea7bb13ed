package dev.glassbox.kafka;

import dev.glassbox.core.redact.DeadLetterPayload;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;

/**
 * The reason headers every DLQ record carries and what it keeps of the record's bytes, written in one place for the
 * explainer, drift and the store.
 */
public final class DeadLetters {

  /** {@link Topics#HEADER_KIND} of a record that is not valid input. */
  public static final String INVALID = "invalid";
  /** {@link Topics#HEADER_KIND} of a valid record whose processing failed. */
  public static final String ERROR = "error";

  private DeadLetters() {}

  /** {@code topic/partition/offset}, the value of {@link Topics#HEADER_ORIGIN}. */
  public static String origin(String topic, int partition, long offset) {
    return topic + "/" + partition + "/" + offset;
  }

  /**
   * Replaces any reason headers already on the record (a record re-sent from a DLQ) with this rejection's.
   *
   * @param origin where the record was read; {@code null} when unknown (the header is then left out)
   */
  public static Headers mark(Headers headers, String kind, String reason, String origin) {
    headers.remove(Topics.HEADER_REASON).remove(Topics.HEADER_KIND).remove(Topics.HEADER_ORIGIN);
    headers.add(Topics.HEADER_REASON, reason.getBytes(StandardCharsets.UTF_8));
    headers.add(Topics.HEADER_KIND, kind.getBytes(StandardCharsets.UTF_8));
    if (origin != null) headers.add(Topics.HEADER_ORIGIN, origin.getBytes(StandardCharsets.UTF_8));
    return headers;
  }

  /**
   * The value a DLQ record carries instead of {@code raw}: by default the redacted text, nothing raw (see
   * {@link DeadLetterPayload}). Sets {@link Topics#HEADER_PAYLOAD} and, with a key, {@link Topics#HEADER_SEALED},
   * replacing any a re-sent record had.
   */
  public static byte[] keep(Headers headers, byte[] raw, DeadLetterPayload payload) {
    DeadLetterPayload.Kept kept = payload.keep(raw);
    headers.remove(Topics.HEADER_PAYLOAD).remove(Topics.HEADER_SEALED);
    headers.add(Topics.HEADER_PAYLOAD, kept.summary().getBytes(StandardCharsets.UTF_8));
    if (kept.sealed() != null) headers.add(Topics.HEADER_SEALED, kept.sealed());
    return kept.value();
  }
}
