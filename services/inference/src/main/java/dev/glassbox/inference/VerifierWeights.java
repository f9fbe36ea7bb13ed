package dev.glassbox.inference;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The verifier's trained parameters as shipped: named float tensors (the base model's initializer names for the
 * re-trained encoder layers, {@code verifier.*} for the head) plus a few text settings, in a small binary format of our
 * own ("GBVERIF1", then the settings and the tensors, big-endian), so nothing but the JDK reads it.
 *
 * @param settings e.g. base model and trained layers, as written by the trainer
 */
public record VerifierWeights(Map<String, String> settings, Map<String, Tensor> tensors) {

  private static final String MAGIC = "GBVERIF1";

  public VerifierWeights {
    settings = Map.copyOf(settings);
    tensors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
  }

  public void write(OutputStream out) throws IOException {
    DataOutputStream d = new DataOutputStream(new java.io.BufferedOutputStream(out, 1 << 16));
    d.writeUTF(MAGIC);
    d.writeInt(settings.size());
    for (var e : new java.util.TreeMap<>(settings).entrySet()) {
      d.writeUTF(e.getKey());
      d.writeUTF(e.getValue());
    }
    d.writeInt(tensors.size());
    for (var e : tensors.entrySet()) {
      d.writeUTF(e.getKey());
      long[] shape = e.getValue().shape();
      d.writeInt(shape.length);
      for (long s : shape) d.writeLong(s);
      for (float v : e.getValue().data()) d.writeFloat(v);
    }
    d.flush();
  }

  public static VerifierWeights read(InputStream in) throws IOException {
    DataInputStream d = new DataInputStream(new java.io.BufferedInputStream(in, 1 << 16));
    if (!MAGIC.equals(d.readUTF())) throw new IOException("not a Glassbox verifier weight file");
    Map<String, String> settings = new LinkedHashMap<>();
    int n = d.readInt();
    for (int i = 0; i < n; i++) settings.put(d.readUTF(), d.readUTF());
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    int count = d.readInt();
    for (int i = 0; i < count; i++) {
      String name = d.readUTF();
      long[] shape = new long[d.readInt()];
      long size = 1;
      for (int k = 0; k < shape.length; k++) {
        shape[k] = d.readLong();
        size *= shape[k];
      }
      float[] data = new float[Math.toIntExact(size)];
      for (int k = 0; k < data.length; k++) data[k] = d.readFloat();
      tensors.put(name, new Tensor(shape, data));
    }
    return new VerifierWeights(settings, tensors);
  }
}
