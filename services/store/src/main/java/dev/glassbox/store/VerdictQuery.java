package dev.glassbox.store;

import dev.glassbox.store.CallQuery.InvalidParameterException;
import java.time.Instant;

/** The filters of {@code GET /api/verdicts}; a null filter matches everything. */
public record VerdictQuery(String app, String tenant, String reviewer, Instant since, Instant until, String verdict,
    int limit) {

  static VerdictQuery parse(String app, String tenant, String reviewer, String since, String until, String verdict,
      String limit, int defaultLimit, int maxLimit) {
    String v = CallQuery.blankToNull(verdict);
    if (v != null && !ReviewerVerdict.VERDICTS.contains(v)) {
      throw new InvalidParameterException("verdict", "verdict must be hallucinated, correct or unsure");
    }
    return new VerdictQuery(CallQuery.blankToNull(app), CallQuery.blankToNull(tenant),
        CallQuery.blankToNull(reviewer), CallQuery.instant(since, "since"), CallQuery.instant(until, "until"), v,
        CallQuery.limit(limit, defaultLimit, maxLimit));
  }
}
