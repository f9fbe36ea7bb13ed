package dev.glassbox.core.encode;

import java.util.List;

/** The surrogate sentence encoder: text in, L2-normalised vectors out. Implementations may batch internally. */
public interface Encoder extends AutoCloseable {

  /**
   * One text as the encoder read it: its sentence vector and its contextual token vectors (the last
   * hidden state, each unit length; special tokens left out), with each token's word piece.
   */
  record Encoded(float[] vector, float[][] tokens, String[] pieces) {

    public static Encoded sentenceOnly(float[] vector) {
      return new Encoded(vector, new float[0][], new String[0]);
    }
  }

  /** A stable name of the model, stored with every embedding. */
  String modelName();

  /** The sha256 of the model file, for an explanation's provenance; null when the encoder has no file. */
  default String modelSha256() {
    return null;
  }

  int dimension();

  /** One unit-length vector per text, in input order; an empty text gets a vector too. */
  float[][] embed(List<String> texts);

  /**
   * Sentence vectors of each text, and from the same pass the token vectors of the texts {@code withTokens}
   * marks (the others get none: copying them costs time on the hot path). An encoder without token vectors
   * returns none, and the signals that align tokens are then left out.
   */
  default Encoded[] encode(List<String> texts, boolean[] withTokens) {
    float[][] v = embed(texts);
    Encoded[] out = new Encoded[v.length];
    for (int i = 0; i < v.length; i++) out[i] = Encoded.sentenceOnly(v[i]);
    return out;
  }

  @Override
  default void close() {}
}
