package dev.glassbox.core.verify;

/** The verifier's probabilities for one pair; they sum to 1. */
public record Verdict(double supported, double contradicted, double notEnoughInfo) {

  /** From the model's three logits, in {@link VerifierLabel} order (a softmax). */
  public static Verdict ofLogits(float[] logits, int offset) {
    double max = Math.max(logits[offset], Math.max(logits[offset + 1], logits[offset + 2]));
    double[] e = new double[3];
    double sum = 0;
    for (int k = 0; k < 3; k++) {
      e[k] = Math.exp(logits[offset + k] - max);
      sum += e[k];
    }
    return new Verdict(e[0] / sum, e[1] / sum, e[2] / sum);
  }

  /** Probability of one label. */
  public double of(VerifierLabel label) {
    return switch (label) {
      case SUPPORTED -> supported;
      case CONTRADICTED -> contradicted;
      case NOT_ENOUGH_INFO -> notEnoughInfo;
    };
  }

  /** How far the claim is from being supported: 1 − P(supported), the score a risk ranks by. */
  public double unsupported() {
    return 1 - supported;
  }

  /** The most probable label. */
  public VerifierLabel label() {
    if (supported >= contradicted && supported >= notEnoughInfo) return VerifierLabel.SUPPORTED;
    return contradicted >= notEnoughInfo ? VerifierLabel.CONTRADICTED : VerifierLabel.NOT_ENOUGH_INFO;
  }
}
