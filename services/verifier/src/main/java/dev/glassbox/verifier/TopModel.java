package dev.glassbox.verifier;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.glassbox.inference.Tensor;
import dev.glassbox.inference.VerifierGraph;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The part of the verifier that trains, as DJL NDArrays on the PyTorch engine: the base encoder's top BERT layer(s)
 * (self-attention, GELU feed-forward, post-LayerNorm, exactly as the ONNX graph computes them) and the head on [CLS].
 * Parameters are kept under the names the weight file and the merged ONNX graph use.
 */
final class TopModel {

  private static final int HEAD_DIM = VerifierGraph.HIDDEN / VerifierGraph.HEADS;

  /** Weight-file name → parameter, in a fixed order. */
  final Map<String, NDArray> parameters = new LinkedHashMap<>();
  /** Per trained layer: role → weight-file name. */
  private final List<Map<String, String>> layers = new ArrayList<>();

  /**
   * The base layers {@code firstLayer}…5 from the base graph and a new head drawn from {@code seed}.
   */
  TopModel(NDManager manager, byte[] base, int firstLayer, long seed) {
    for (int l = firstLayer; l < VerifierGraph.LAYERS; l++) {
      Map<String, String> names = VerifierGraph.layerInitializers(base, l);
      Map<String, Tensor> values = VerifierGraph.layerParameters(base, l);
      for (String role : VerifierGraph.roleNames()) parameters.put(names.get(role), create(manager, values.get(role)));
      layers.add(names);
    }
    Random random = new Random(seed);
    int h = VerifierGraph.HIDDEN;
    parameters.put("verifier.pool.w", create(manager, new Tensor(new long[] {h, h}, gaussian(random, h * h, 0.02))));
    parameters.put("verifier.pool.b", create(manager, new Tensor(new long[] {h}, new float[h])));
    parameters.put("verifier.cls.w", create(manager, new Tensor(new long[] {h, 3}, gaussian(random, h * 3, 0.02))));
    parameters.put("verifier.cls.b", create(manager, new Tensor(new long[] {3}, new float[3])));
    for (NDArray p : parameters.values()) p.setRequiresGradient(true);
  }

  private static NDArray create(NDManager manager, Tensor t) {
    return manager.create(t.data(), new Shape(t.shape()));
  }

  private static float[] gaussian(Random random, int n, double scale) {
    float[] out = new float[n];
    for (int i = 0; i < n; i++) out[i] = (float) (random.nextGaussian() * scale);
    return out;
  }

  /** Logits [rows, 3] from the frozen hidden states [rows, len, 384] and the attention mask [rows, len] (1 = token). */
  NDArray forward(NDArray hidden, NDArray mask) {
    // Masked keys get a large negative score, as the ONNX graph's extended attention mask does.
    NDArray maskAdd = mask.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).neg().add(1).mul(-1e9f)
        .reshape(mask.getShape().get(0), 1, 1, mask.getShape().get(1));
    NDArray x = hidden;
    for (Map<String, String> layer : layers) x = layer(x, maskAdd, layer);
    NDArray cls = x.get(":, 0, :");
    NDArray pool = cls.matMul(p("verifier.pool.w")).add(p("verifier.pool.b")).tanh();
    return pool.matMul(p("verifier.cls.w")).add(p("verifier.cls.b"));
  }

  private NDArray layer(NDArray x, NDArray maskAdd, Map<String, String> n) {
    long b = x.getShape().get(0);
    long t = x.getShape().get(1);
    NDArray q = heads(dense(x, n, "query"), b, t);
    NDArray k = heads(dense(x, n, "key"), b, t);
    NDArray v = heads(dense(x, n, "value"), b, t);
    NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).div((float) Math.sqrt(HEAD_DIM)).add(maskAdd);
    NDArray context = scores.softmax(-1).matMul(v).transpose(0, 2, 1, 3).reshape(b, t, VerifierGraph.HIDDEN);
    NDArray a = layerNorm(dense(context, n, "attn").add(x), p(n.get("attn_ln.g")), p(n.get("attn_ln.b")));
    NDArray h = dense(a, n, "inter");
    h = h.mul(h.div((float) Math.sqrt(2)).erf().add(1)).mul(0.5f); // exact (erf) GELU, as the graph's Erf node
    return layerNorm(dense(h, n, "out").add(a), p(n.get("out_ln.g")), p(n.get("out_ln.b")));
  }

  private NDArray dense(NDArray x, Map<String, String> n, String role) {
    return x.matMul(p(n.get(role + ".w"))).add(p(n.get(role + ".b")));
  }

  private static NDArray heads(NDArray x, long b, long t) {
    return x.reshape(b, t, VerifierGraph.HEADS, HEAD_DIM).transpose(0, 2, 1, 3);
  }

  private static NDArray layerNorm(NDArray x, NDArray gamma, NDArray beta) {
    NDArray centred = x.sub(x.mean(new int[] {-1}, true));
    NDArray variance = centred.square().mean(new int[] {-1}, true);
    return centred.div(variance.add(1e-12f).sqrt()).mul(gamma).add(beta);
  }

  private NDArray p(String name) {
    return parameters.get(name);
  }

  /** The parameters as weight-file tensors. */
  Map<String, Tensor> tensors() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    parameters.forEach((name, p) -> out.put(name, new Tensor(p.getShape().getShape(), p.toFloatArray())));
    return out;
  }
}
