package dev.glassbox.core.encode;

import java.util.List;

/** The surrogate sentence encoder: text in, L2-normalised vectors out. Implementations may batch internally. */
public interface Encoder extends AutoCloseable {

  /** A stable name of the model, stored with every embedding. */
  String modelName();

  int dimension();

  /** One unit-length vector per text, in input order; an empty text gets a vector too. */
  float[][] embed(List<String> texts);

  @Override
  default void close() {}
}
