package dev.glassbox.drift;

import dev.glassbox.core.redact.DeadLetterPayload;
import dev.glassbox.kafka.FailurePolicy;
import dev.glassbox.kafka.Topics;

/**
 * The drift service's topics, and what it does with an explanation it cannot read.
 *
 * @param input topic of explanation v1 records
 * @param output topic of drift reports
 * @param dlq topic of unreadable explanations under {@link FailurePolicy#DLQ}
 * @param onBadRecord the failure policy for unreadable explanations
 * @param dlqPayload what a DLQ record keeps of the unreadable record's bytes
 */
record DriftRouting(String input, String output, String dlq, FailurePolicy onBadRecord, DeadLetterPayload dlqPayload) {

  /** Unreadable records keep the redacted text, nothing raw. */
  DriftRouting(String input, String output, String dlq, FailurePolicy onBadRecord) {
    this(input, output, dlq, onBadRecord, DeadLetterPayload.DEFAULT);
  }

  /** The catalogue's topics; unreadable explanations are logged, counted and skipped. */
  static final DriftRouting DEFAULT = new DriftRouting(Topics.EXPLANATIONS, Topics.DRIFT, Topics.EXPLANATIONS_DLQ,
      FailurePolicy.LOG_AND_CONTINUE);

  /** The same topics under another policy. */
  DriftRouting with(FailurePolicy policy) {
    return new DriftRouting(input, output, dlq, policy, dlqPayload);
  }
}
