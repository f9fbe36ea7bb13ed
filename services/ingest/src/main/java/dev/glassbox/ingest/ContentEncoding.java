package dev.glassbox.ingest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * Undoes a request body's {@code Content-Encoding} (none, gzip or deflate) within a size limit. Ingest inflates
 * bodies itself rather than letting the HTTP server do it, because the server drops the connection on a broken
 * stream where a client needs a 400 with the reason.
 */
final class ContentEncoding {

  private ContentEncoding() {}

  /** Why a body could not be decoded, with the status to answer. */
  static final class Refused extends Exception {
    private final int status;

    Refused(int status, String message) {
      super(message);
      this.status = status;
    }

    int status() {
      return status;
    }
  }

  /** The body as the sender meant it; 400 for a broken stream, 413 past {@code maxBytes}, 415 for other codings. */
  static byte[] decode(String encoding, byte[] body, long maxBytes) throws Refused {
    String e = encoding == null ? "" : encoding.strip().toLowerCase(Locale.ROOT);
    if (e.isEmpty() || e.equals("identity")) return body;
    try (InputStream in = switch (e) {
      case "gzip", "x-gzip" -> new GZIPInputStream(new ByteArrayInputStream(body));
      case "deflate", "x-deflate" -> new InflaterInputStream(new ByteArrayInputStream(body));
      default -> throw new Refused(415, "Content-Encoding " + encoding + " is not supported: send gzip, deflate "
          + "or no encoding");
    }) {
      return readAtMost(in, maxBytes);
    } catch (IOException ex) {
      throw new Refused(400, "body is not valid " + e + " (" + ex.getMessage() + ")");
    }
  }

  private static byte[] readAtMost(InputStream in, long maxBytes) throws IOException, Refused {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[64 * 1024];
    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
      if (out.size() + (long) n > maxBytes) {
        throw new Refused(413, "body is larger than " + maxBytes + " bytes once inflated");
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }
}
