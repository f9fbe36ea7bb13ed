package dev.glassbox.core.drift;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One closed window compared with its reference: every test with its p-value and threshold, the verdict, and what
 * changed in words (concepts or clusters, example prompts). Written to {@code llm.drift.v1} and by {@code glassbox drift}.
 *
 * @param windowStart timestamp of the window's first call (ISO-8601)
 * @param windowEnd timestamp of the window's last call (ISO-8601)
 * @param correction how the tests' false alarms are controlled together
 * @param changes concepts (when declared) or clusters whose share changed most, largest change first
 * @param examples window prompts that best show the change (highest MMD witness on prompt embeddings)
 * @param costMs time the comparison took
 */
public record DriftReport(String app, String model, String tenant, String windowStart, String windowEnd, int calls,
    Reference reference, boolean drifted, double alpha, String correction, List<Test> tests, List<SignalShift> psi,
    String changesBy, List<Change> changes, List<String> examples, long costMs) {

  /** The sample a window is compared with. */
  public record Reference(String policy, String start, String end, int calls) {}

  /**
   * @param method {@code mmd_rbf_permutation}, {@code classifier_auc}, {@code ks} or {@code two_proportion_z}
   * @param statistic MMD², held-out AUC, KS distance or difference of proportions
   * @param threshold the Holm level this p-value was compared with
   * @param adjustedPValue Holm-adjusted p-value (rejected when ≤ alpha)
   */
  public record Test(String name, String method, double statistic, double pValue, double threshold,
      @JsonProperty("adjusted_p_value") double adjustedPValue, boolean rejected) {}

  /** Population stability index of one scalar signal (reported, not part of the verdict: it has no null law). */
  public record SignalShift(String signal, double referenceMean, double windowMean, double psi, double threshold,
      boolean shifted) {}

  /**
   * @param reference share of the reference in this concept or cluster
   * @param window share of the window
   * @param pValue two-proportion z-test of the change (descriptive; the verdict comes from {@link #tests()})
   * @param prompts the cluster's most central prompts (empty for concepts)
   */
  public record Change(String name, double reference, double window, double change, double pValue,
      List<String> prompts) {}
}
