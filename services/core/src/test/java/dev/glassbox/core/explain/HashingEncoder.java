package dev.glassbox.core.explain;

import dev.glassbox.core.encode.Encoder;
import dev.glassbox.core.signal.Vectors;
import java.util.List;
import java.util.Locale;

/** A test double for the surrogate encoder: a normalised bag of hashed lower-case words, deterministic and instant. */
public final class HashingEncoder implements Encoder {

  public static final int DIMENSION = 64;
  private int calls;
  private int texts;

  @Override
  public String modelName() {
    return "hashing-test";
  }

  @Override
  public int dimension() {
    return DIMENSION;
  }

  @Override
  public float[][] embed(List<String> input) {
    calls++;
    texts += input.size();
    float[][] out = new float[input.size()][];
    for (int i = 0; i < input.size(); i++) {
      float[] v = new float[DIMENSION];
      for (String w : input.get(i).toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
        if (!w.isEmpty()) v[Math.floorMod(w.hashCode(), DIMENSION)] += 1;
      }
      out[i] = Vectors.normalize(v);
    }
    return out;
  }

  /** Token vectors: each word is one token whose vector is its hashed one-hot, so alignment finds exact words. */
  @Override
  public Encoded[] encode(List<String> input, boolean[] withTokens) {
    float[][] vectors = embed(input);
    Encoded[] out = new Encoded[input.size()];
    for (int i = 0; i < out.length; i++) {
      if (!withTokens[i]) {
        out[i] = Encoded.sentenceOnly(vectors[i]);
        continue;
      }
      List<String> words = new java.util.ArrayList<>();
      for (String w : input.get(i).toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) if (!w.isEmpty()) words.add(w);
      float[][] tokens = new float[words.size()][];
      for (int t = 0; t < tokens.length; t++) {
        tokens[t] = new float[DIMENSION];
        tokens[t][Math.floorMod(words.get(t).hashCode(), DIMENSION)] = 1;
      }
      out[i] = new Encoded(vectors[i], tokens, words.toArray(new String[0]));
    }
    return out;
  }

  /** How many times {@link #embed} was called. */
  public int calls() {
    return calls;
  }

  public int texts() {
    return texts;
  }
}
