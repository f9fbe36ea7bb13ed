package dev.glassbox.inference;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Edits an ONNX model's protobuf bytes without generated classes: finds the outputs of the nodes of one operator type
 * and adds them as graph outputs, so that a session can return intermediate tensors such as the attention softmaxes.
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
