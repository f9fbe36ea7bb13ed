package dev.glassbox.core.compare;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Two values of one grouping (two models, two prompt versions) of one app compared metric by metric, each with its
 * intervals and test, all tests under one Holm correction; the body of {@code GET /api/compare} and what
 * {@code glassbox compare} prints.
 *
 * @param by what the two values are values of: {@code model} or {@code attribute:<name>}
 * @param alpha the family-wise error rate of the Holm correction; intervals are at 1 − alpha
 * @param differs whether any metric's difference is significant after the correction
 * @param verdict one sentence saying what differs (or that nothing was found), with the largest differences
 */
public record Comparison(String by, String a, String b, double alpha, String correction, List<Metric> metrics,
    boolean differs, String verdict) {

  /**
   * One metric on both sides. For rates and means, {@code difference} is b − a with its interval; for the MMD
   * embedding tests, {@code statistic} is the unbiased MMD² and the counts are the distinct embeddings tested.
   *
   * @param method {@code two_proportion_z}, {@code welch_t} or {@code mmd_rbf_permutation}
   * @param pValue the raw p-value, null when the metric was not tested (too few values: see {@code note})
   * @param adjustedPValue the Holm-adjusted p-value (significant when ≤ alpha), null when not tested
   * @param note why a metric was not tested, or null
   */
  public record Metric(String name, String method, Double a, Interval aInterval, long aCount, Double b,
      Interval bInterval, long bCount, Double difference, Interval differenceInterval, Double statistic, Double pValue,
      @JsonProperty("adjusted_p_value") Double adjustedPValue, boolean significant, String note) {

    public boolean tested() {
      return pValue != null;
    }

    Metric adjusted(double adjusted, boolean rejected) {
      return new Metric(name, method, a, aInterval, aCount, b, bInterval, bCount, difference, differenceInterval,
          statistic, pValue, adjusted, rejected, note);
    }
  }
}
