package dev.glassbox.core.explain;

import dev.glassbox.core.attribution.AttributionSettings;

/**
 * Settings of the per-call explainer.
 *
 * @param flagThreshold hallucination score at or above which a call is flagged
 * @param includeEmbeddings whether explanations carry the prompt and response vectors
 * @param attribution when and how calls get an attribution
 */
public record ExplainerSettings(double flagThreshold, boolean includeEmbeddings, AttributionSettings attribution) {
  public static final ExplainerSettings DEFAULT = new ExplainerSettings(0.5, true, AttributionSettings.DEFAULT);

  public ExplainerSettings(double flagThreshold, boolean includeEmbeddings) {
    this(flagThreshold, includeEmbeddings, AttributionSettings.DEFAULT);
  }
}
