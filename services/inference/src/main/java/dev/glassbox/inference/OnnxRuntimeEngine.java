package dev.glassbox.inference;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.LongBuffer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The encoder's engine on ONNX Runtime: hidden states through DJL's OnnxRuntime engine (a predictor per thread), and
 * attention through a second, bare session on the graph with its softmaxes exposed (made on first use). The one
 * encoder class that imports ONNX Runtime or DJL engine types.
 */
final class OnnxRuntimeEngine implements EncoderEngine {

  private final EncoderOptions options;
  private final Model model;
  private final ThreadLocal<Predictor<NDList, NDList>> predictors;
  private final ConcurrentLinkedQueue<Predictor<NDList, NDList>> allPredictors = new ConcurrentLinkedQueue<>();
  private volatile Attention attention;

  /** The bare session that returns the attention softmaxes, and their output names in layer order. */
  private record Attention(OrtSession session, List<String> softmaxes) {}

  OnnxRuntimeEngine(byte[] graph, String name, EncoderOptions options) {
    this.options = options;
    try {
      Engine.getEngine("OnnxRuntime");
      model = Model.newInstance(name, "OnnxRuntime");
      model.load(new ByteArrayInputStream(graph), Map.of("sessionOptions", SessionSettings.of(options)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bundled encoder model from the classpath", e);
    } catch (OrtException | MalformedModelException e) {
      throw new IllegalStateException("cannot load the bundled encoder model: " + e.getMessage(), e);
    }
    predictors = ThreadLocal.withInitial(() -> {
      Predictor<NDList, NDList> p = model.newPredictor(new NoopTranslator());
      allPredictors.add(p);
      return p;
    });
  }

  @Override
  public float[] hiddenStates(PaddedBatch batch) {
    try (NDManager manager = model.getNDManager().newSubManager()) {
      Shape shape = new Shape(batch.rows(), batch.len());
      NDArray inputIds = manager.create(batch.ids(), shape);
      inputIds.setName("input_ids");
      NDArray attentionMask = manager.create(batch.mask(), shape);
      attentionMask.setName("attention_mask");
      NDArray typeIds = manager.create(batch.types(), shape);
      typeIds.setName("token_type_ids");
      return predictors.get().predict(new NDList(inputIds, attentionMask, typeIds)).get(0).toFloatArray();
    } catch (TranslateException e) {
      throw new IllegalStateException("encoder forward pass failed: " + e.getMessage(), e);
    }
  }

  @Override
  public float[][][][] attentionHeads(PaddedBatch one) {
    Attention a = attention();
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    long[] shape = {1, one.len()};
    float[][][][] layers = new float[a.softmaxes().size()][][][];
    try (OnnxTensor inputIds = OnnxTensor.createTensor(env, LongBuffer.wrap(one.ids()), shape);
        OnnxTensor mask = OnnxTensor.createTensor(env, LongBuffer.wrap(one.mask()), shape);
        OnnxTensor types = OnnxTensor.createTensor(env, LongBuffer.wrap(one.types()), shape);
        OrtSession.Result result = a.session().run(Map.of("input_ids", inputIds, "attention_mask", mask,
            "token_type_ids", types), new LinkedHashSet<>(a.softmaxes()))) {
      for (int l = 0; l < layers.length; l++) {
        layers[l] = ((float[][][][]) result.get(a.softmaxes().get(l)).orElseThrow().getValue())[0]; // [batch 1][heads][n][n]
      }
    } catch (OrtException e) {
      throw new IllegalStateException("attention pass failed: " + e.getMessage(), e);
    }
    return layers;
  }

  private Attention attention() {
    Attention a = attention;
    if (a != null) return a;
    synchronized (this) {
      if (attention == null) {
        try {
          OnnxGraph.Patched patched = OnnxGraph.exposeOutputsOf(OnnxEncoder.modelBytes(), "Softmax");
          if (patched.outputs().isEmpty()) throw new IllegalStateException("the encoder model has no Softmax nodes");
          OrtSession session = OrtEnvironment.getEnvironment().createSession(patched.model(), SessionSettings.of(options));
          attention = new Attention(session, patched.outputs());
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read the bundled encoder model from the classpath", e);
        } catch (OrtException e) {
          throw new IllegalStateException("cannot load the encoder with attention outputs: " + e.getMessage(), e);
        }
      }
      return attention;
    }
  }

  @Override
  public void close() {
    Attention a = attention;
    if (a != null) {
      try {
        a.session().close();
      } catch (OrtException e) {
        // closing at shutdown: nothing left to do
      }
    }
    for (Predictor<NDList, NDList> p : allPredictors) p.close();
    model.close();
  }
}
