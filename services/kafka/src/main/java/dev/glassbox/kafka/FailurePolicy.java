package dev.glassbox.kafka;

import dev.glassbox.core.config.EnumIds;

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
    return EnumIds.id(this);
  }

  /**
   * Applies this policy to one bad record, the same way in every service: {@code toDlq} under {@link #DLQ},
   * {@code skip} (log and count) under {@link #LOG_AND_CONTINUE}, and under {@link #FAIL} a
   * {@link BadRecordException} naming the record and the service's {@code policyKey}.
   *
   * @param origin where the record was read ({@code topic/partition/offset}), for the exception
   */
  public void apply(String origin, String reason, String policyKey, Runnable toDlq, Runnable skip) {
    switch (this) {
      case DLQ -> toDlq.run();
      case LOG_AND_CONTINUE -> skip.run();
      case FAIL -> throw new BadRecordException(origin, reason, policyKey);
    }
  }
}
