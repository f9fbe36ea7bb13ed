package dev.glassbox.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The configured access keys, and which of them a presented bearer token is, compared in constant time. */
final class AccessKeys {

  /** What a key may do: a reader every GET, an admin also the endpoints that delete. */
  enum Role {
    READER, ADMIN;

    boolean allows(Role needed) {
      return this == ADMIN || needed == READER;
    }
  }

  /** One key: who it is for (logged, never the token) and its role. */
  record Key(String name, Role role) {}

  static final int MIN_TOKEN_CHARS = 16;

  private record Entry(Key key, byte[] digest) {}

  private final List<Entry> entries;

  private AccessKeys(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /**
   * Parses {@code name:role:token} entries; throws IllegalArgumentException naming the entry (by position and name,
   * never its token) that is malformed, has an unknown role, a short token, or repeats a name or token.
   */
  static AccessKeys parse(List<String> specs) {
    List<Entry> entries = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Set<String> tokens = new HashSet<>();
    for (int i = 0; i < specs.size(); i++) {
      String spec = specs.get(i).trim();
      String[] parts = spec.split(":", 3);
      String where = "access key " + (i + 1);
      if (parts.length != 3 || parts[0].isBlank() || parts[1].isBlank()) {
        throw new IllegalArgumentException(where + " must be name:role:token");
      }
      String name = parts[0].trim();
      where += " (" + name + ")";
      Role role;
      try {
        role = Role.valueOf(parts[1].trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + " has role '" + parts[1].trim() + "'; use reader or admin");
      }
      String token = parts[2];
      if (token.length() < MIN_TOKEN_CHARS || !token.equals(token.strip())) {
        throw new IllegalArgumentException(where + " needs a token of at least " + MIN_TOKEN_CHARS
            + " characters without surrounding spaces");
      }
      if (!names.add(name)) throw new IllegalArgumentException(where + " repeats the name of another key");
      if (!tokens.add(token)) throw new IllegalArgumentException(where + " repeats the token of another key");
      entries.add(new Entry(new Key(name, role), sha256(token)));
    }
    return new AccessKeys(entries);
  }

  int size() {
    return entries.size();
  }

  /**
   * The key whose token this is. Every key is compared, each by a fixed-length digest with
   * {@link MessageDigest#isEqual}, so the time taken says nothing about how much of a token matched.
   */
  Optional<Key> find(String token) {
    if (token == null) return Optional.empty();
    byte[] presented = sha256(token);
    Key found = null;
    for (Entry e : entries) {
      if (MessageDigest.isEqual(e.digest(), presented)) found = e.key();
    }
    return Optional.ofNullable(found);
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
