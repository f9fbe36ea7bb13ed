package dev.glassbox.kafka;

import java.util.List;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The one catalogue of Glassbox's Kafka topics and their serdes. Keys are strings (call ids, or series keys on
 * {@link #DRIFT}); values are UTF-8 JSON read and written as bytes, so a record that is not valid JSON still reaches
 * the code that decides what to do with it. The {@code String} names are compile-time constants, usable as
 * configuration defaults ({@code @WithDefault(Topics.CALLS)}) and by whatever creates the topics.
 */
public final class Topics {

  /** Call v1 records, keyed by call id, written by ingest or by applications directly. */
  public static final String CALLS = "llm.calls.v1";
  /** Explanation v1 records, keyed by call id, written by the explainer. */
  public static final String EXPLANATIONS = "llm.explanations.v1";
  /** Records the explainer could not read, with the original bytes and a {@code glassbox.error.reason} header. */
  public static final String CALLS_DLQ = "llm.calls.dlq.v1";
  /** Drift reports, one per closed window, keyed by {@code tenant/app/model}, written by the drift service. */
  public static final String DRIFT = "llm.drift.v1";
  /**
   * Explanations that drift or the store could not use, with the original bytes and reason headers; written only
   * under the {@code dlq} failure policy, which is not their default, so the topic is not created by default.
   */
  public static final String EXPLANATIONS_DLQ = "llm.explanations.dlq.v1";
  /** Drift reports the store could not use, under its {@code dlq} failure policy (not the default). */
  public static final String DRIFT_DLQ = "llm.drift.dlq.v1";

  /** {@link #CALLS}: call id to call v1 JSON. */
  public static final Topic<String, byte[]> CALL_RECORDS = bytes(CALLS);
  /** {@link #EXPLANATIONS}: call id to explanation v1 JSON. */
  public static final Topic<String, byte[]> EXPLANATION_RECORDS = bytes(EXPLANATIONS);
  /** {@link #CALLS_DLQ}: the original key and bytes of a rejected call record. */
  public static final Topic<String, byte[]> CALLS_DLQ_RECORDS = bytes(CALLS_DLQ);
  /** {@link #DRIFT}: series key to drift report JSON. */
  public static final Topic<String, byte[]> DRIFT_RECORDS = bytes(DRIFT);
  /** {@link #EXPLANATIONS_DLQ}: the original key and bytes of a rejected explanation. */
  public static final Topic<String, byte[]> EXPLANATIONS_DLQ_RECORDS = bytes(EXPLANATIONS_DLQ);
  /** {@link #DRIFT_DLQ}: the original key and bytes of a rejected drift report. */
  public static final Topic<String, byte[]> DRIFT_DLQ_RECORDS = bytes(DRIFT_DLQ);

  /** Header on DLQ records: why the record was rejected (UTF-8 text). */
  public static final String HEADER_REASON = "glassbox.error.reason";
  /** Header on DLQ records: the source topic, partition and offset, {@code topic/partition/offset}. */
  public static final String HEADER_ORIGIN = "glassbox.error.origin";
  /** Header on DLQ records: the class of failure, {@code invalid} (bad input) or {@code error} (processing failure). */
  public static final String HEADER_KIND = "glassbox.error.kind";
  /** Header on DLQ records: what the record's value holds of its bytes, e.g. {@code redacted text (2 replaced)}. */
  public static final String HEADER_PAYLOAD = "glassbox.dlq.payload";
  /** Header on DLQ records, only with a DLQ key: the record's raw bytes sealed with AES-GCM. */
  public static final String HEADER_SEALED = "glassbox.dlq.sealed";

  /** The dead-letter topics, kept longer than the others so that someone can look at them. */
  public static final List<String> DLQS = List.of(CALLS_DLQ, EXPLANATIONS_DLQ, DRIFT_DLQ);

  /** The topics a deployment creates, the DLQs of every failure policy included, so choosing {@code dlq} needs no step. */
  public static final List<String> ALL = List.of(CALLS, EXPLANATIONS, DRIFT, CALLS_DLQ, EXPLANATIONS_DLQ, DRIFT_DLQ);

  private Topics() {}

  private static Topic<String, byte[]> bytes(String name) {
    return new Topic<>(name, Serdes.String(), Serdes.ByteArray());
  }
}
