package dev.glassbox.drift;

import dev.glassbox.core.drift.DriftPoint;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/** Binary form of a drift point for the repartition topic and the window stores: ~3 KB instead of ~8 KB of JSON. */
final class PointSerde {

  private static final byte VERSION = 1;

  private PointSerde() {}

  static Serde<DriftPoint> serde() {
    return Serdes.serdeFrom((Serializer<DriftPoint>) (topic, p) -> p == null ? null : write(p),
        (Deserializer<DriftPoint>) (topic, bytes) -> bytes == null ? null : read(bytes));
  }

  static byte[] write(DriftPoint p) {
    try (ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096); DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeLong(p.timestampMillis());
      vector(out, p.prompt());
      vector(out, p.response());
      out.writeShort(p.signals().length);
      for (double s : p.signals()) out.writeDouble(s);
      out.writeUTF(p.promptText());
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static DriftPoint read(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      byte version = in.readByte();
      if (version != VERSION) throw new IllegalStateException("unknown drift point version " + version);
      long ts = in.readLong();
      float[] prompt = vector(in), response = vector(in);
      double[] signals = new double[in.readShort()];
      for (int i = 0; i < signals.length; i++) signals[i] = in.readDouble();
      return new DriftPoint(ts, prompt, response, signals, in.readUTF());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void vector(DataOutputStream out, float[] v) throws IOException {
    out.writeInt(v == null ? -1 : v.length);
    if (v != null) for (float f : v) out.writeFloat(f);
  }

  private static float[] vector(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) return null;
    float[] v = new float[n];
    for (int i = 0; i < n; i++) v[i] = in.readFloat();
    return v;
  }
}
