package dev.glassbox.explainer;

/**
 * What became of one input record: an explanation to publish, or a rejection for the DLQ.
 *
 * @param key the call's {@link dev.glassbox.core.call.CallKey#recordKey()} for explanations; the original key for
 *     rejections
 * @param value explanation JSON, or the original bytes for rejections
 * @param reason why the record was rejected; {@code null} for explanations
 * @param kind {@code invalid} (bad input) or {@code error} (processing failed); {@code null} for explanations
 */
record ExplainOutcome(String key, byte[] value, String reason, String kind) {

  boolean explained() {
    return reason == null;
  }
}
