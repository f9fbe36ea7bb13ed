package dev.glassbox.inference;

import java.util.Arrays;

/**
 * A dense tensor of floats with its shape, as stored in ONNX initializers and the verifier's weight file; {@code int64}
 * marks an index tensor whose values are whole numbers written as INT64.
 */
public record Tensor(long[] shape, float[] data, boolean int64) {

  public Tensor(long[] shape, float[] data) {
    this(shape, data, false);
  }

  public Tensor {
    long n = 1;
    for (long d : shape) n *= d;
    if (n != data.length) throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not hold " + data.length + " values");
  }
}
