package dev.glassbox.store;

import dev.glassbox.store.CallQuery.InvalidParameterException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where a page of the review queue ended: the last row's sort key, tenant and call id, so the next page seeks past it
 * in the index instead of counting rows (OFFSET). Written as opaque base64url text; it names its order, so a cursor
 * of one order is refused by the other.
 *
 * @param key the last row's sort key as PostgreSQL computed it (a double prints and parses back exactly)
 */
public record QueueCursor(ReviewQueueQuery.Order order, double key, String tenant, String callId) {

  /** Tenants and call ids refuse control characters (call v1), so the unit separator cannot occur inside a part. */
  private static final String SEPARATOR = "\u001f";

  /** The cursor as the {@code after} parameter carries it. */
  public String encode() {
    String plain = String.join(SEPARATOR, order.id(), Double.toString(key), tenant, callId);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }

  /** The cursor an {@code after} parameter names for a query in {@code order}; 400-worthy when it is none. */
  public static QueueCursor decode(String after, ReviewQueueQuery.Order order) {
    String[] parts;
    try {
      parts = new String(Base64.getUrlDecoder().decode(after.trim()), StandardCharsets.UTF_8).split(SEPARATOR, -1);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    if (parts.length != 4 || parts[2].isEmpty() || parts[3].isEmpty()) throw invalid();
    if (!parts[0].equals(order.id())) {
      throw new InvalidParameterException("after", "after is a cursor of order " + parts[0] + ", not of "
          + order.id() + ": start again without after");
    }
    double key;
    try {
      key = Double.parseDouble(parts[1]);
    } catch (NumberFormatException e) {
      throw invalid();
    }
    if (!Double.isFinite(key)) throw invalid();
    return new QueueCursor(order, key, parts[2], parts[3]);
  }

  private static InvalidParameterException invalid() {
    return new InvalidParameterException("after",
        "after must be the next value of a previous review-queue page, unchanged");
  }
}
