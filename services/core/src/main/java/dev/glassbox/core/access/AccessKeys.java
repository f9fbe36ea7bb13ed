package dev.glassbox.core.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Configured access keys, {@code name:grant:token} each, and which of them a presented bearer token is, compared in
 * constant time. The grant is what the key may do: a role for the store's keys, a tenant for ingest's.
 *
 * @param <G> the grant's type
 */
public final class AccessKeys<G> {

  /** One key: who it is for (logged, never the token) and what it grants. */
  public record Key<G>(String name, G grant) {}

  public static final int MIN_TOKEN_CHARS = 16;

  private record Entry<G>(Key<G> key, byte[] digest) {}

  private final List<Entry<G>> entries;

  private AccessKeys(List<Entry<G>> entries) {
    this.entries = List.copyOf(entries);
  }

  /**
   * Parses {@code name:grant:token} entries; throws IllegalArgumentException naming the entry (by position and name,
   * never its token) that is malformed, has a grant {@code grant} refuses, a short token, or repeats a name or token.
   *
   * @param grantName what the middle part is called in messages, e.g. {@code role}
   * @param grant reads the middle part; throws IllegalArgumentException with the reason (e.g. "has role 'x'; use
   *     reader or admin") when it is not a valid grant
   */
  public static <G> AccessKeys<G> parse(List<String> specs, String grantName, Function<String, G> grant) {
    List<Entry<G>> entries = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Set<String> tokens = new HashSet<>();
    for (int i = 0; i < specs.size(); i++) {
      String spec = specs.get(i).trim();
      String[] parts = spec.split(":", 3);
      String where = "access key " + (i + 1);
      if (parts.length != 3 || parts[0].isBlank() || parts[1].isBlank()) {
        throw new IllegalArgumentException(where + " must be name:" + grantName + ":token");
      }
      String name = parts[0].trim();
      where += " (" + name + ")";
      G granted;
      try {
        granted = grant.apply(parts[1].trim());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + " " + e.getMessage());
      }
      String token = parts[2];
      if (token.length() < MIN_TOKEN_CHARS || !token.equals(token.strip())) {
        throw new IllegalArgumentException(where + " needs a token of at least " + MIN_TOKEN_CHARS
            + " characters without surrounding spaces");
      }
      if (!names.add(name)) throw new IllegalArgumentException(where + " repeats the name of another key");
      if (!tokens.add(token)) throw new IllegalArgumentException(where + " repeats the token of another key");
      entries.add(new Entry<>(new Key<>(name, granted), sha256(token)));
    }
    return new AccessKeys<>(entries);
  }

  public int size() {
    return entries.size();
  }

  /**
   * The key whose token this is. Every key is compared, each by a fixed-length digest with
   * {@link MessageDigest#isEqual}, so the time taken says nothing about how much of a token matched.
   */
  public Optional<Key<G>> find(String token) {
    if (token == null) return Optional.empty();
    byte[] presented = sha256(token);
    Key<G> found = null;
    for (Entry<G> e : entries) {
      if (MessageDigest.isEqual(e.digest(), presented)) found = e.key();
    }
    return Optional.ofNullable(found);
  }

  /** The token of an {@code Authorization: Bearer <token>} header (scheme in any case), or null. */
  public static String bearer(String authorization) {
    if (authorization == null) return null;
    String h = authorization.strip();
    if (h.length() < 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) return null;
    String token = h.substring(7).strip();
    return token.isEmpty() ? null : token;
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
