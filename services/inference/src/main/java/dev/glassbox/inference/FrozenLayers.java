package dev.glassbox.inference;

import ai.djl.engine.Engine;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Map;
import java.util.Set;

/**
 * The fp32 base encoder's lower layers on ONNX Runtime: the hidden states after a given layer, which verifier training
 * computes once per pair and feeds to the layers it trains (the frozen part never needs gradients).
 */
public final class FrozenLayers implements AutoCloseable {

  private final OrtSession session;
  private final String output;

  /** The hidden states after encoder layer {@code layer} (0-based). */
  public FrozenLayers(int layer, EncoderOptions options) {
    Engine.getEngine("OnnxRuntime");
    output = VerifierGraph.layerOutput(layer);
    try {
      session = OrtEnvironment.getEnvironment().createSession(VerifierGraph.exposing(VerifierGraph.baseBytes(), layer),
          SessionSettings.of(options));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the verifier's base model from the classpath", e);
    } catch (OrtException e) {
      throw new IllegalStateException("cannot load the base model: " + e.getMessage(), e);
    }
  }

  /** float[rows × len × 384] for one padded batch. */
  public float[] hidden(PaddedBatch batch) {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    long[] shape = {batch.rows(), batch.len()};
    try (OnnxTensor ids = OnnxTensor.createTensor(env, LongBuffer.wrap(batch.ids()), shape);
        OnnxTensor mask = OnnxTensor.createTensor(env, LongBuffer.wrap(batch.mask()), shape);
        OnnxTensor types = OnnxTensor.createTensor(env, LongBuffer.wrap(batch.types()), shape);
        OrtSession.Result result = session.run(Map.of("input_ids", ids, "attention_mask", mask, "token_type_ids", types),
            Set.of(output))) {
      FloatBuffer b = ((OnnxTensor) result.get(0)).getFloatBuffer();
      float[] out = new float[b.remaining()];
      b.get(out);
      return out;
    } catch (OrtException e) {
      throw new IllegalStateException("base model pass failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      // closing at shutdown: nothing left to do
    }
  }
}
