package dev.glassbox.inference;

import ai.djl.engine.Engine;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** A bare ONNX Runtime session on an edited BERT graph that returns one named output per padded batch. */
final class GraphSession implements AutoCloseable {

  private final OrtSession session;
  private final String output;

  GraphSession(byte[] graph, String output, EncoderOptions options) {
    Engine.getEngine("OnnxRuntime"); // DJL must set ONNX Runtime up before any bare OrtEnvironment use
    this.output = output;
    try {
      session = OrtEnvironment.getEnvironment().createSession(graph, SessionSettings.of(options));
    } catch (OrtException e) {
      throw new IllegalStateException("cannot load the model for " + output + ": " + e.getMessage(), e);
    }
  }

  /** The output for one batch, read by {@code read} before the result is freed. */
  <T> T run(PaddedBatch batch, Function<OnnxValue, T> read) {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    long[] shape = {batch.rows(), batch.len()};
    try (OnnxTensor ids = OnnxTensor.createTensor(env, java.nio.LongBuffer.wrap(batch.ids()), shape);
        OnnxTensor mask = OnnxTensor.createTensor(env, java.nio.LongBuffer.wrap(batch.mask()), shape);
        OnnxTensor types = OnnxTensor.createTensor(env, java.nio.LongBuffer.wrap(batch.types()), shape);
        OrtSession.Result result = session.run(Map.of("input_ids", ids, "attention_mask", mask, "token_type_ids", types),
            Set.of(output))) {
      return read.apply(result.get(0));
    } catch (OrtException e) {
      throw new IllegalStateException("forward pass for " + output + " failed: " + e.getMessage(), e);
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
