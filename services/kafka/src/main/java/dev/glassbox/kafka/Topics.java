package dev.glassbox.kafka;

import java.util.List;

/** The one catalogue of Glassbox's Kafka topics. Keys are call ids (strings); values are UTF-8 JSON. */
public final class Topics {

  /** Call v1 records, keyed by call id, written by ingest or by applications directly. */
  public static final String CALLS = "llm.calls.v1";
  /** Explanation v1 records, keyed by call id, written by the explainer. */
  public static final String EXPLANATIONS = "llm.explanations.v1";
  /** Records the explainer could not read, with the original bytes and a {@code glassbox.error.reason} header. */
  public static final String CALLS_DLQ = "llm.calls.dlq.v1";
  /** Drift reports, one per closed window, keyed by {@code tenant/app/model}, written by the drift service. */
  public static final String DRIFT = "llm.drift.v1";

  /** Header on DLQ records: why the record was rejected (UTF-8 text). */
  public static final String HEADER_REASON = "glassbox.error.reason";
  /** Header on DLQ records: the source topic, partition and offset, {@code topic/partition/offset}. */
  public static final String HEADER_ORIGIN = "glassbox.error.origin";
  /** Header on DLQ records: the class of failure, {@code invalid} (bad input) or {@code error} (processing failure). */
  public static final String HEADER_KIND = "glassbox.error.kind";

  public static final List<String> ALL = List.of(CALLS, EXPLANATIONS, CALLS_DLQ, DRIFT);

  private Topics() {}
}
