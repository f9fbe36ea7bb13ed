package dev.glassbox.core.explanation;

import dev.glassbox.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Reads and writes explanation v1 JSON (snake_case). */
public final class ExplanationCodec {

  private ExplanationCodec() {}

  public static byte[] encode(Explanation e) {
    return Json.bytes(e);
  }

  public static String encodeString(Explanation e) {
    return Json.string(e);
  }

  public static Explanation decode(byte[] json) {
    try {
      return Json.mapper().readValue(json, Explanation.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
