package dev.glassbox.verifier;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam with bias correction, in place on the parameters (outside gradient recording): the encoder layer at a small rate,
 * the new head ({@code verifier.*}) at a larger one, after a short linear warm-up; gradients are cleared after each step.
 */
final class Adam {

  private static final float BETA1 = 0.9f;
  private static final float BETA2 = 0.999f;
  private static final float EPSILON = 1e-8f;
  private static final int WARMUP = 20;

  private final Map<String, NDArray> parameters;
  private final Map<String, NDArray[]> moments = new LinkedHashMap<>();
  private final float encoderRate;
  private final float headRate;
  private int step;

  Adam(Map<String, NDArray> parameters, float encoderRate, float headRate) {
    this.parameters = parameters;
    this.encoderRate = encoderRate;
    this.headRate = headRate;
    parameters.forEach((name, p) -> moments.put(name, new NDArray[] {p.zerosLike(), p.zerosLike()}));
  }

  void update() {
    step++;
    float warm = Math.min(1f, step / (float) WARMUP);
    float c1 = 1 - (float) Math.pow(BETA1, step);
    float c2 = 1 - (float) Math.pow(BETA2, step);
    parameters.forEach((name, p) -> {
      NDArray g = p.getGradient();
      NDArray[] m = moments.get(name);
      // Every intermediate is closed at once: they belong to the parameters' long-lived manager.
      try (NDArray g1 = g.mul(1 - BETA1); NDArray g2 = g.square(); NDArray g2s = g2.mul(1 - BETA2)) {
        m[0].muli(BETA1).addi(g1);
        m[1].muli(BETA2).addi(g2s);
      }
      float rate = (name.startsWith("verifier.") ? headRate : encoderRate) * warm;
      try (NDArray vHat = m[1].div(c2); NDArray root = vHat.sqrt(); NDArray denom = root.add(EPSILON);
          NDArray mHat = m[0].div(c1); NDArray ratio = mHat.div(denom); NDArray change = ratio.mul(rate)) {
        p.subi(change);
      }
      g.muli(0); // PyTorch accumulates gradients: clear them for the next step
    });
  }
}
