package dev.glassbox.core.compare;

import java.util.ArrayList;
import java.util.List;

/**
 * What a version comparison needs of one side's calls: counts for the rates, moments of uncertainty, and the
 * embeddings for the drift test. The store fills it from SQL aggregates, the CLI call by call through {@link Builder}.
 *
 * @param checkable checkable calls (hallucination score not null) out of all calls
 * @param flagged flagged calls out of checkable calls
 * @param uncertainty the calls' uncertainty scores (calls that logged log-probs)
 * @param reviewed calls whose latest reviewer verdict is {@code hallucinated}, out of calls judged hallucinated or correct
 * @param labelled calls labelled hallucinated out of labelled calls (evaluation files only; {@link Proportion#EMPTY}
 *     where no labels are known)
 * @param prompts prompt embeddings (a sample; may be empty)
 * @param responses response embeddings (a sample; may be empty)
 */
public record VersionSample(Proportion checkable, Proportion flagged, Moments uncertainty, Proportion reviewed,
    Proportion labelled, List<float[]> prompts, List<float[]> responses) {

  public VersionSample {
    prompts = List.copyOf(prompts);
    responses = List.copyOf(responses);
  }

  /** All calls of the side. */
  public long calls() {
    return checkable.n();
  }

  /** Accumulates one call at a time. */
  public static final class Builder {
    private long calls, checkable, flagged, judged, confirmed, labelled, labelledTrue;
    private final List<Double> uncertainty = new ArrayList<>();
    private final List<float[]> prompts = new ArrayList<>(), responses = new ArrayList<>();

    /**
     * @param isCheckable whether the call's hallucination score is not null
     * @param isFlagged whether the call is flagged (never when not checkable)
     * @param uncertaintyScore the uncertainty score, or null without log-probs
     * @param verdict the latest reviewer verdict as a label (true hallucinated, false correct), or null
     * @param label the evaluation label, or null
     * @param prompt prompt embedding, or null
     * @param response response embedding, or null
     */
    public Builder add(boolean isCheckable, boolean isFlagged, Double uncertaintyScore, Boolean verdict, Boolean label,
        float[] prompt, float[] response) {
      calls++;
      if (isCheckable) {
        checkable++;
        if (isFlagged) flagged++;
      }
      if (uncertaintyScore != null && !uncertaintyScore.isNaN()) uncertainty.add(uncertaintyScore);
      if (verdict != null) {
        judged++;
        if (verdict) confirmed++;
      }
      if (label != null) {
        labelled++;
        if (label) labelledTrue++;
      }
      if (prompt != null) prompts.add(prompt);
      if (response != null) responses.add(response);
      return this;
    }

    public VersionSample build() {
      return new VersionSample(new Proportion(checkable, calls), new Proportion(flagged, checkable),
          Moments.of(uncertainty.stream().mapToDouble(Double::doubleValue).toArray()), new Proportion(confirmed, judged),
          new Proportion(labelledTrue, labelled), prompts, responses);
    }
  }
}
