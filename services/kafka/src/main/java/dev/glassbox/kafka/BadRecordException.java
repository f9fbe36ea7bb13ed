package dev.glassbox.kafka;

/** Thrown under {@link FailurePolicy#FAIL}: a record could not be used, and the service stops instead of skipping it. */
public final class BadRecordException extends RuntimeException {

  public BadRecordException(String origin, String reason, String policyKey) {
    super("bad record at " + origin + ": " + reason + "; stopping because " + policyKey + "="
        + FailurePolicy.FAIL.id() + " (fix or skip the record, or choose another policy, then restart)");
  }
}
