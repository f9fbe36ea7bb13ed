package dev.glassbox.inference;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Edits an ONNX model's protobuf bytes without generated classes: finds the outputs of the nodes of one operator type
 * and adds them as graph outputs, so that a session can return intermediate tensors such as the attention softmaxes;
 * reads and replaces float initializers and appends nodes (the verifier's trained layer and head).
 * Only the fields it needs are read (ModelProto.graph = 7; GraphProto.node = 1, output = 12; NodeProto.output = 2,
 * op_type = 4; ValueInfoProto.name = 1, type = 2; TypeProto.tensor_type = 1; Tensor.elem_type = 1); everything else
 * is copied byte for byte.
 */
final class OnnxGraph {

  private static final int FLOAT = 1;

  private OnnxGraph() {}

  /** The patched model and the names of the outputs it gained, in graph order. */
  record Patched(byte[] model, List<String> outputs) {}

  /** One protobuf field: number, wire type, and where its value lies. */
  private record Field(int number, int wire, int start, int end) {}

  /** Reads the fields of one message, in order. */
  private static final class Reader {
    private final byte[] b;
    private int i;
    private final int to;

    Reader(byte[] b, int from, int to) {
      this.b = b;
      this.i = from;
      this.to = to;
    }

    boolean more() {
      return i < to;
    }

    Field next() {
      long key = varint();
      int wire = (int) (key & 7);
      int start;
      switch (wire) {
        case 0 -> {
          start = i;
          varint();
        }
        case 1 -> {
          start = i;
          i += 8;
        }
        case 2 -> {
          int len = (int) varint();
          start = i;
          i += len;
        }
        case 5 -> {
          start = i;
          i += 4;
        }
        default -> throw new IllegalArgumentException("unsupported protobuf wire type " + wire + " in ONNX model");
      }
      if (i > to) throw new IllegalArgumentException("truncated ONNX model");
      return new Field((int) (key >>> 3), wire, start, i);
    }

    private long varint() {
      long r = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (i >= to) throw new IllegalArgumentException("truncated ONNX model");
        byte c = b[i++];
        r |= (long) (c & 0x7f) << shift;
        if ((c & 0x80) == 0) return r;
      }
      throw new IllegalArgumentException("bad varint in ONNX model");
    }
  }

  static Patched exposeOutputsOf(byte[] model, String opType) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(model.length + 1024);
    List<String> added = new ArrayList<>();
    boolean sawGraph = false;
    Reader r = new Reader(model, 0, model.length);
    int fieldStart = 0;
    while (r.more()) {
      Field f = r.next();
      if (f.number() == 7 && f.wire() == 2) {
        byte[] graph = patchGraph(model, f.start(), f.end(), opType, added);
        out.writeBytes(concat(tag(7, 2), varint(graph.length), graph));
        sawGraph = true;
      } else {
        out.write(model, fieldStart, f.end() - fieldStart);
      }
      fieldStart = f.end();
    }
    if (!sawGraph) throw new IllegalArgumentException("not an ONNX model: no graph");
    return new Patched(out.toByteArray(), List.copyOf(added));
  }

  private static byte[] patchGraph(byte[] b, int from, int to, String opType, List<String> added) {
    List<String> existing = new ArrayList<>();
    Reader r = new Reader(b, from, to);
    while (r.more()) {
      Field f = r.next();
      if (f.wire() != 2) continue;
      if (f.number() == 1) added.addAll(outputsOfOp(b, f, opType));
      if (f.number() == 12) existing.addAll(strings(b, f, 1));
    }
    added.removeIf(existing::contains);
    ByteArrayOutputStream out = new ByteArrayOutputStream(to - from + 1024);
    out.write(b, from, to - from);
    for (String name : added) {
      // ValueInfoProto { name, type: TypeProto { tensor_type: { elem_type: FLOAT } } }; the shape is left to inference.
      byte[] tensor = concat(tag(1, 0), varint(FLOAT));
      byte[] type = concat(tag(1, 2), varint(tensor.length), tensor);
      byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
      byte[] info = concat(tag(1, 2), varint(nameBytes.length), nameBytes, tag(2, 2), varint(type.length), type);
      out.writeBytes(concat(tag(12, 2), varint(info.length), info));
    }
    return out.toByteArray();
  }

  /** The outputs of a NodeProto when its op_type is {@code opType}. */
  private static List<String> outputsOfOp(byte[] b, Field node, String opType) {
    List<String> op = strings(b, node, 4);
    return op.size() == 1 && op.get(0).equals(opType) ? strings(b, node, 2) : List.of();
  }

  /** The values of one string field of a message. */
  private static List<String> strings(byte[] b, Field message, int number) {
    List<String> out = new ArrayList<>();
    Reader r = new Reader(b, message.start(), message.end());
    while (r.more()) {
      Field f = r.next();
      if (f.number() == number && f.wire() == 2) out.add(new String(b, f.start(), f.end() - f.start(), StandardCharsets.UTF_8));
    }
    return out;
  }

  /** The graph outputs of a model, for tests and checks. */
  static List<String> graphOutputs(byte[] model) {
    Reader r = new Reader(model, 0, model.length);
    while (r.more()) {
      Field f = r.next();
      if (f.number() != 7 || f.wire() != 2) continue;
      List<String> out = new ArrayList<>();
      Reader g = new Reader(model, f.start(), f.end());
      while (g.more()) {
        Field o = g.next();
        if (o.number() == 12 && o.wire() == 2) out.addAll(strings(model, o, 1));
      }
      return out;
    }
    return List.of();
  }

  /** One NodeProto: its name, op_type, inputs and outputs. */
  record Node(String name, String op, List<String> inputs, List<String> outputs) {}

  /** The graph's nodes in order. */
  static List<Node> nodes(byte[] model) {
    List<Node> out = new ArrayList<>();
    Field graph = graph(model);
    Reader g = new Reader(model, graph.start(), graph.end());
    while (g.more()) {
      Field f = g.next();
      if (f.number() != 1 || f.wire() != 2) continue;
      List<String> name = strings(model, f, 3);
      out.add(new Node(name.isEmpty() ? "" : name.get(0), strings(model, f, 4).get(0), strings(model, f, 1),
          strings(model, f, 2)));
    }
    return out;
  }

  /** The float initializers of the graph with these names (TensorProto dims = 1, data_type = 2, name = 8, raw_data = 9). */
  static Map<String, Tensor> floatInitializers(byte[] model, Set<String> names) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    Field graph = graph(model);
    Reader g = new Reader(model, graph.start(), graph.end());
    while (g.more()) {
      Field f = g.next();
      if (f.number() != 5 || f.wire() != 2) continue;
      String name = strings(model, f, 8).get(0);
      if (names.contains(name)) out.put(name, tensor(model, f));
    }
    return out;
  }

  private static Tensor tensor(byte[] b, Field message) {
    List<Long> dims = new ArrayList<>();
    int type = -1;
    Field raw = null;
    Reader r = new Reader(b, message.start(), message.end());
    while (r.more()) {
      Field f = r.next();
      if (f.number() == 1 && f.wire() == 0) dims.add(new Reader(b, f.start(), f.end()).varint());
      if (f.number() == 1 && f.wire() == 2) {
        Reader packed = new Reader(b, f.start(), f.end());
        while (packed.more()) dims.add(packed.varint());
      }
      if (f.number() == 2 && f.wire() == 0) type = (int) new Reader(b, f.start(), f.end()).varint();
      if (f.number() == 9 && f.wire() == 2) raw = f;
    }
    if (type != FLOAT || raw == null) throw new IllegalArgumentException("initializer is not a raw float tensor");
    float[] data = new float[(raw.end() - raw.start()) / 4];
    ByteBuffer.wrap(b, raw.start(), raw.end() - raw.start()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
    return new Tensor(dims.stream().mapToLong(Long::longValue).toArray(), data);
  }

  /**
   * The model with some float initializers replaced (same names) and nodes, initializers and float outputs appended
   * to the graph; appended nodes must only read tensors the graph already makes or the appended initializers.
   */
  static byte[] rewrite(byte[] model, Map<String, Tensor> replaced, List<byte[]> newNodes, Map<String, Tensor> newInitializers,
      List<String> newOutputs) {
    Field graph = graph(model);
    ByteArrayOutputStream g = new ByteArrayOutputStream(graph.end() - graph.start() + 1024);
    Reader r = new Reader(model, graph.start(), graph.end());
    int fieldStart = graph.start();
    while (r.more()) {
      Field f = r.next();
      String name = f.number() == 5 && f.wire() == 2 ? strings(model, f, 8).get(0) : null;
      if (name != null && replaced.containsKey(name)) {
        g.writeBytes(field(5, tensorProto(name, replaced.get(name))));
      } else {
        g.write(model, fieldStart, f.end() - fieldStart);
      }
      fieldStart = f.end();
    }
    for (byte[] node : newNodes) g.writeBytes(field(1, node));
    newInitializers.forEach((name, t) -> g.writeBytes(field(5, tensorProto(name, t))));
    for (String name : newOutputs) g.writeBytes(field(12, floatValueInfo(name)));
    ByteArrayOutputStream out = new ByteArrayOutputStream(model.length + 1024);
    out.write(model, 0, graph.start() - headerLength(model, graph));
    out.writeBytes(field(7, g.toByteArray()));
    out.write(model, graph.end(), model.length - graph.end());
    return out.toByteArray();
  }

  /** A NodeProto (input = 1, output = 2, name = 3, op_type = 4) with optional int attributes (AttributeProto name = 1, i = 3, type = 20). */
  static byte[] node(String op, String name, List<String> inputs, List<String> outputs, Map<String, Long> intAttributes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String in : inputs) out.writeBytes(field(1, utf8(in)));
    for (String o : outputs) out.writeBytes(field(2, utf8(o)));
    out.writeBytes(field(3, utf8(name)));
    out.writeBytes(field(4, utf8(op)));
    intAttributes.forEach((key, value) -> {
      byte[] attribute = concat(field(1, utf8(key)), tag(3, 0), varint(value), tag(20, 0), varint(2));
      out.writeBytes(field(5, attribute));
    });
    return out.toByteArray();
  }

  private static byte[] tensorProto(String name, Tensor t) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(t.data().length * 4 + 64);
    for (long d : t.shape()) out.writeBytes(concat(tag(1, 0), varint(d)));
    out.writeBytes(concat(tag(2, 0), varint(t.int64() ? 7 : FLOAT)));
    out.writeBytes(field(8, utf8(name)));
    ByteBuffer raw;
    if (t.int64()) {
      raw = ByteBuffer.allocate(t.data().length * 8).order(ByteOrder.LITTLE_ENDIAN);
      for (float v : t.data()) raw.putLong((long) v);
    } else {
      raw = ByteBuffer.allocate(t.data().length * 4).order(ByteOrder.LITTLE_ENDIAN);
      for (float v : t.data()) raw.putFloat(v);
    }
    out.writeBytes(field(9, raw.array()));
    return out.toByteArray();
  }

  private static byte[] floatValueInfo(String name) {
    byte[] tensor = concat(tag(1, 0), varint(FLOAT));
    byte[] type = field(1, tensor);
    return concat(field(1, utf8(name)), field(2, type));
  }

  private static Field graph(byte[] model) {
    Reader r = new Reader(model, 0, model.length);
    while (r.more()) {
      Field f = r.next();
      if (f.number() == 7 && f.wire() == 2) return f;
    }
    throw new IllegalArgumentException("not an ONNX model: no graph");
  }

  /** Bytes of the graph field's tag and length before its value. */
  private static int headerLength(byte[] model, Field graph) {
    return tag(7, 2).length + varint(graph.end() - graph.start()).length;
  }

  private static byte[] field(int number, byte[] value) {
    return concat(tag(number, 2), varint(value.length), value);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] tag(int field, int wire) {
    return varint(((long) field << 3) | wire);
  }

  private static byte[] varint(long v) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(10);
    while ((v & ~0x7fL) != 0) {
      out.write((int) ((v & 0x7f) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) out.writeBytes(p);
    return out.toByteArray();
  }
}
