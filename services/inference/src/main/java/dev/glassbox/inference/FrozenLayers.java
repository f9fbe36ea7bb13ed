package dev.glassbox.inference;

import ai.onnxruntime.OnnxTensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;

/**
 * The fp32 base encoder's lower layers on ONNX Runtime: the hidden states after a given layer, which verifier training
 * computes once per pair and feeds to the layers it trains (the frozen part never needs gradients).
 */
public final class FrozenLayers implements AutoCloseable {

  private final GraphSession session;

  /** The hidden states after encoder layer {@code layer} (0-based). */
  public FrozenLayers(int layer, EncoderOptions options) {
    try {
      session = new GraphSession(VerifierGraph.exposing(VerifierGraph.baseBytes(), layer), VerifierGraph.layerOutput(layer), options);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the verifier's base model from the classpath", e);
    }
  }

  /** float[rows × len × 384] for one padded batch. */
  public float[] hidden(PaddedBatch batch) {
    return session.run(batch, value -> {
      FloatBuffer b = ((OnnxTensor) value).getFloatBuffer();
      float[] out = new float[b.remaining()];
      b.get(out);
      return out;
    });
  }

  @Override
  public void close() {
    session.close();
  }
}
