package dev.glassbox.store;

import dev.glassbox.core.call.CallKey;
import java.nio.charset.StandardCharsets;

/**
 * URLs of the store's own pages. A call is named by its id in the path and its tenant in {@code ?tenant=}, so a link
 * opens that tenant's call even when another tenant holds the same id; both are free text, so both are
 * percent-encoded (the id as one path segment).
 */
public final class Links {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private Links() {}

  /** The HTML explanation page of a call, relative to the store's root. */
  public static String callPage(CallKey key) {
    return "/calls/" + pathSegment(key.id()) + "?tenant=" + pathSegment(key.tenant());
  }

  /** Where a call page's verdict form posts, relative to the store's root. */
  public static String callVerdictsForm(CallKey key) {
    return "/calls/" + pathSegment(key.id()) + "/verdicts?tenant=" + pathSegment(key.tenant());
  }

  /** The explanation JSON of a call, relative to the store's root. */
  public static String callJson(CallKey key) {
    return "/api/calls/" + pathSegment(key.id()) + "?tenant=" + pathSegment(key.tenant());
  }

  /** Percent-encodes every byte except RFC 3986 unreserved characters, so '/' and '?' stay inside the segment. */
  static String pathSegment(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~') {
        out.append(c);
      } else {
        out.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
      }
    }
    return out.toString();
  }
}
