package dev.glassbox.core.compare;

/**
 * Knobs of a version comparison.
 *
 * @param alpha family-wise false-alarm rate over all metrics compared (Holm), and 1 − the intervals' confidence
 * @param permutations permutations of each MMD test; with six tests the smallest p-value must reach α/6, so at least
 *     ~6/α
 * @param maxPerSide embeddings per side kept for the MMD tests (uniform subsample): bounds the cost
 * @param minPerSide fewest values per side for a metric to be tested (fewer: reported, not tested)
 * @param seed seed of every random choice (subsamples, permutations), for reproducible reports
 */
public record CompareSettings(double alpha, int permutations, int maxPerSide, int minPerSide, long seed) {

  public static final CompareSettings DEFAULT = new CompareSettings(0.05, 499, 300, 10, 42L);

  public CompareSettings {
    if (!(alpha > 0 && alpha < 1)) throw new IllegalArgumentException("alpha must be in (0,1)");
    if (permutations < 1) throw new IllegalArgumentException("permutations must be at least 1");
    if (maxPerSide < 4) throw new IllegalArgumentException("max per side must be at least 4");
    if (minPerSide < 2) throw new IllegalArgumentException("min per side must be at least 2");
  }

  public CompareSettings withSeed(long newSeed) {
    return new CompareSettings(alpha, permutations, maxPerSide, minPerSide, newSeed);
  }

  public CompareSettings withPermutations(int newPermutations) {
    return new CompareSettings(alpha, newPermutations, maxPerSide, minPerSide, seed);
  }
}
