package dev.glassbox.kafka;

/**
 * What a service does with a record it cannot use (unreadable, invalid, or refused downstream). Configured per
 * service as {@code on-bad-record}: {@code dlq}, {@code log-and-continue} or {@code fail}.
 */
public enum FailurePolicy {
  /** Send the original record to the service's DLQ topic with reason headers, and go on. */
  DLQ,
  /** Log the record's position and reason, count it, and go on: the record is dropped. */
  LOG_AND_CONTINUE,
  /** Stop consuming with an error naming the record; it stays unconsumed until an operator acts. */
  FAIL;

  /** The configuration value of this policy, e.g. {@code log-and-continue}. */
  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
