package dev.glassbox.core.attribution;

import java.util.Objects;

/**
 * When and how calls get an attribution.
 *
 * @param mode which calls: none, the flagged ones plus a sample of the others, or all
 * @param sampleRate share of unflagged calls attributed in {@code flagged} mode, chosen by a hash of the call id
 *     so that a replay attributes the same calls
 * @param method how segments are scored
 * @param ablations random ablations for {@code contextcite}
 * @param permutations permutations for {@code shapley}
 * @param maxEvaluations most target evaluations per call; methods are cut down to fit
 * @param maxSegments most segments per call (the first ones in order); the rest are not attributed
 * @param topFraction share of segments taken as "top" for comprehensiveness and sufficiency
 * @param target what is explained: the encoder surrogate's support or the verifier's entailment
 */
public record AttributionSettings(AttributionMode mode, double sampleRate, AttributionMethod method, int ablations, int permutations,
    int maxEvaluations, int maxSegments, double topFraction, AttributionTarget target) {

  /** Checks every field, so a bad configuration stops the service at start rather than failing each call. */
  public AttributionSettings {
    Objects.requireNonNull(mode, "attribution mode");
    Objects.requireNonNull(method, "attribution method");
    Objects.requireNonNull(target, "attribution target");
    if (!(sampleRate >= 0 && sampleRate <= 1)) throw new IllegalArgumentException("attribution sample rate must be in [0, 1]");
    if (!(topFraction > 0 && topFraction <= 1)) throw new IllegalArgumentException("attribution top fraction must be in (0, 1]");
    if (ablations < 1 || permutations < 1 || maxEvaluations < 1 || maxSegments < 1) {
      throw new IllegalArgumentException("attribution ablations, permutations, max evaluations and max segments must be positive");
    }
  }

  public static final AttributionSettings DEFAULT =
      new AttributionSettings(AttributionMode.FLAGGED, 0.1, AttributionMethod.CONTEXTCITE, 32, 4, 512, 64, 0.2,
          AttributionTarget.SURROGATE);

  public AttributionSettings withMode(AttributionMode m) {
    return new AttributionSettings(m, sampleRate, method, ablations, permutations, maxEvaluations, maxSegments, topFraction, target);
  }

  public AttributionSettings withMethod(AttributionMethod m) {
    return new AttributionSettings(mode, sampleRate, m, ablations, permutations, maxEvaluations, maxSegments, topFraction, target);
  }

  public AttributionSettings withTarget(AttributionTarget t) {
    return new AttributionSettings(mode, sampleRate, method, ablations, permutations, maxEvaluations, maxSegments, topFraction, t);
  }
}
