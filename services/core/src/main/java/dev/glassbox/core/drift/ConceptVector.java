package dev.glassbox.core.drift;

/**
 * A concept as a direction in embedding space (CAV-style): mean of its examples minus mean of its counter-examples.
 *
 * @param examplesCentre mean embedding of the examples, used to place the prevalence threshold
 * @param counterCentre mean embedding of the counter-examples, or null to contrast with the other concepts (or the reference when alone)
 */
public record ConceptVector(String name, float[] examplesCentre, float[] counterCentre) {

  public static ConceptVector of(Concept concept, float[][] examples, float[][] counterExamples) {
    return new ConceptVector(concept.name(), mean(examples), counterExamples.length == 0 ? null : mean(counterExamples));
  }

  static float[] mean(float[][] vs) {
    float[] m = new float[vs[0].length];
    for (float[] v : vs) for (int d = 0; d < m.length; d++) m[d] += v[d] / vs.length;
    return m;
  }
}
