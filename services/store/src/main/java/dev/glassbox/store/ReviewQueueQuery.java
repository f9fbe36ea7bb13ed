package dev.glassbox.store;

import dev.glassbox.store.CallQuery.InvalidParameterException;
import java.time.Instant;
import java.util.Locale;

/**
 * The filters, order and position of one review-queue page ({@code GET /api/review-queue} and {@code /review});
 * a null filter matches everything.
 *
 * @param verdict the verdict class: null for calls nobody has reviewed yet, else the calls whose latest verdict it is
 * @param modelVersion the hallucination model file's version in the explanation's provenance
 * @param after where the previous page ended, or null for the first page
 */
public record ReviewQueueQuery(String app, String model, String tenant, Instant since, Instant until, String verdict,
    Integer modelVersion, String glassboxVersion, Order order, QueueCursor after, int limit) {

  /** What comes first in the queue. */
  public enum Order {
    /** Flagged calls, highest hallucination score first. */
    RISKIEST,
    /** Checkable calls on either side of the flag threshold, nearest it first (one app at a time). */
    INFORMATIVE;

    String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Order parse(String value) {
      if (CallQuery.blankToNull(value) == null) return RISKIEST;
      try {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new InvalidParameterException("order", "order must be riskiest or informative");
      }
    }
  }

  /** The verdict class that means "nobody has reviewed it yet", the queue's default. */
  static final String UNREVIEWED = "unreviewed";

  /** Parses raw query parameters; blank means absent. */
  static ReviewQueueQuery parse(Params p, int defaultLimit, int maxLimit) {
    Order order = Order.parse(p.order());
    String app = CallQuery.blankToNull(p.app());
    if (order == Order.INFORMATIVE && app == null) {
      // A verdict informs the model of the call's app (issue 19 fits a model per app): the order needs one.
      throw new InvalidParameterException("app", "order=informative needs an app: it ranks calls by how much their "
          + "verdict would teach that app's model");
    }
    Instant since = CallQuery.instant(p.since(), "since");
    Instant until = CallQuery.instant(p.until(), "until");
    if (since != null && until != null && !since.isBefore(until)) {
      throw new InvalidParameterException("until", "until must be later than since");
    }
    return new ReviewQueueQuery(app, CallQuery.blankToNull(p.model()), CallQuery.blankToNull(p.tenant()), since,
        until, verdictClass(p.verdict()), modelVersion(p.modelVersion()), CallQuery.blankToNull(p.glassboxVersion()),
        order, CallQuery.blankToNull(p.after()) == null ? null : QueueCursor.decode(p.after(), order),
        CallQuery.limit(p.limit(), defaultLimit, maxLimit));
  }

  /** The raw query parameters, as the page and the API take them. */
  public record Params(String app, String model, String tenant, String since, String until, String verdict,
      String modelVersion, String glassboxVersion, String order, String after, String limit) {}

  /** This query narrowed to {@code tenant} (null: as it is). */
  ReviewQueueQuery ofTenant(String bound) {
    return bound == null ? this : new ReviewQueueQuery(app, model, bound, since, until, verdict, modelVersion,
        glassboxVersion, order, after, limit);
  }

  private static String verdictClass(String value) {
    String v = CallQuery.blankToNull(value);
    if (v == null || v.equals(UNREVIEWED)) return null;
    if (!ReviewerVerdict.VERDICTS.contains(v)) {
      throw new InvalidParameterException("verdict", "verdict must be unreviewed, hallucinated, correct or unsure");
    }
    return v;
  }

  private static Integer modelVersion(String value) {
    if (CallQuery.blankToNull(value) == null) return null;
    try {
      return Integer.valueOf(value.trim());
    } catch (NumberFormatException e) {
      throw new InvalidParameterException("model_version",
          "model_version must be a whole number (the hallucination model file's version)");
    }
  }
}
