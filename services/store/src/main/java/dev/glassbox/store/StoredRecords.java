package dev.glassbox.store;

import dev.glassbox.core.explanation.ExplanationCodec;
import java.util.function.Function;

/**
 * What the records of one topic become in the database, and how log lines name them.
 *
 * @param what the plural noun of the records, for log lines
 * @param decoder turns a record value into rows; throws on a value that is not storable
 * @param describe names one record's rows in log lines (its id)
 */
record StoredRecords<R>(String what, Function<byte[], R> decoder, Function<R, String> describe) {

  /** {@code llm.explanations.v1}: each record becomes the rows of one call. */
  static final StoredRecords<ExplanationRows> EXPLANATIONS = new StoredRecords<>("explanations",
      bytes -> ExplanationRows.of(ExplanationCodec.decode(bytes)), rows -> "call " + rows.call().callId());

  /** {@code llm.drift.v1}: each record becomes one drift report row. */
  static final StoredRecords<DriftRow> DRIFT_REPORTS = new StoredRecords<>("drift reports", DriftRow::of,
      r -> "drift report " + r.app() + "/" + r.model() + " " + r.windowStart() + ".." + r.windowEnd());
}
