package dev.glassbox.core.drift;

/**
 * Knobs of the per-window drift computation.
 *
 * @param alpha family-wise false-alarm rate per window (Holm over all tests of the window)
 * @param permutations permutations of the MMD test; at least ~20·(tests)/α so the smallest p-value can pass Holm
 * @param maxPerSide embeddings per side kept for the embedding tests (uniform subsample): bounds the cost
 * @param clusters k of the k-means used to name changes when no concepts are declared
 * @param psiBins bins of the population stability index, fixed by reference quantiles
 * @param psiThreshold PSI above which a signal is reported as shifted (0.25: the usual "major shift")
 * @param topChanges concepts or clusters listed in a report, largest change first
 * @param examples window prompts quoted as the best illustration of the change
 * @param seed seed of every random choice (subsamples, permutations, k-means), for reproducible reports
 */
public record DriftSettings(double alpha, int permutations, int maxPerSide, int clusters, int psiBins,
    double psiThreshold, int topChanges, int examples, long seed) {

  public static final DriftSettings DEFAULT = new DriftSettings(0.05, 499, 500, 8, 10, 0.25, 3, 3, 42L);

  public DriftSettings {
    if (!(alpha > 0 && alpha < 1)) throw new IllegalArgumentException("alpha must be in (0,1)");
    if (permutations < 1) throw new IllegalArgumentException("permutations must be at least 1");
    if (maxPerSide < 4) throw new IllegalArgumentException("max per side must be at least 4");
    if (clusters < 1 || psiBins < 2) throw new IllegalArgumentException("clusters ≥ 1 and psi bins ≥ 2 required");
  }
}
