package dev.glassbox.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The filters of {@code GET /api/calls}, parsed from query parameters; every filter is optional.
 *
 * @param from inclusive lower bound of the call timestamp
 * @param to exclusive upper bound of the call timestamp
 */
public record CallQuery(String app, String model, String tenant, Boolean flagged, Instant from, Instant to,
    int limit) {

  /** A query parameter that cannot be used, with the parameter's name. */
  public static final class InvalidParameterException extends IllegalArgumentException {
    private final String field;

    InvalidParameterException(String field, String message) {
      super(message);
      this.field = field;
    }

    public String field() {
      return field;
    }
  }

  /** The newest {@code limit} calls, unfiltered. */
  public static CallQuery newest(int limit) {
    return new CallQuery(null, null, null, null, null, null, limit);
  }

  /** This query narrowed to {@code tenant} (null: as it is). */
  public CallQuery ofTenant(String tenant) {
    return tenant == null ? this : new CallQuery(app, model, tenant, flagged, from, to, limit);
  }

  /** Parses raw query parameters; blank means absent. */
  public static CallQuery parse(String app, String model, String tenant, String flagged, String from, String to,
      String limit, int defaultLimit, int maxLimit) {
    Instant fromTs = instant(from, "from");
    Instant toTs = instant(to, "to");
    if (fromTs != null && toTs != null && !fromTs.isBefore(toTs)) {
      throw new InvalidParameterException("to", "to must be later than from");
    }
    return new CallQuery(blankToNull(app), blankToNull(model), blankToNull(tenant), bool(flagged, "flagged"),
        fromTs, toTs, limit(limit, defaultLimit, maxLimit));
  }

  static Instant instant(String value, String field) {
    if (isBlank(value)) return null;
    try {
      return OffsetDateTime.parse(value.trim()).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidParameterException(field,
          field + " must be an ISO-8601 timestamp with an offset, like 2026-11-28T12:00:00Z");
    }
  }

  private static Boolean bool(String value, String field) {
    if (isBlank(value)) return null;
    return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      default -> throw new InvalidParameterException(field, field + " must be true or false");
    };
  }

  /** A {@code limit} query parameter: the default when absent, else a whole number from 1 to {@code maxLimit}. */
  static int limit(String value, int defaultLimit, int maxLimit) {
    if (isBlank(value)) return defaultLimit;
    int n;
    try {
      n = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      n = -1;
    }
    if (n < 1 || n > maxLimit) {
      throw new InvalidParameterException("limit", "limit must be a whole number from 1 to " + maxLimit);
    }
    return n;
  }

  static String blankToNull(String s) {
    return isBlank(s) ? null : s;
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
