package dev.glassbox.explainer;

import dev.glassbox.core.redact.DeadLetterPayload;
import dev.glassbox.kafka.FailurePolicy;
import dev.glassbox.kafka.Topics;

/**
 * Where the explainer writes, and what it does with a record it cannot explain.
 *
 * @param explanations topic of explanation v1 records
 * @param dlq topic of rejected records under {@link FailurePolicy#DLQ}
 * @param onBadRecord the failure policy for unreadable, invalid or unexplainable records
 * @param dlqPayload what a DLQ record keeps of the rejected record's bytes
 */
record ExplainerOutputs(String explanations, String dlq, FailurePolicy onBadRecord, DeadLetterPayload dlqPayload) {

  /** Rejected records keep the redacted text, nothing raw. */
  ExplainerOutputs(String explanations, String dlq, FailurePolicy onBadRecord) {
    this(explanations, dlq, onBadRecord, DeadLetterPayload.DEFAULT);
  }

  /** The catalogue's topics, rejected records to the DLQ. */
  static final ExplainerOutputs DEFAULT = new ExplainerOutputs(Topics.EXPLANATIONS, Topics.CALLS_DLQ, FailurePolicy.DLQ);

  /** The same topics under another policy. */
  ExplainerOutputs with(FailurePolicy policy) {
    return new ExplainerOutputs(explanations, dlq, policy, dlqPayload);
  }
}
