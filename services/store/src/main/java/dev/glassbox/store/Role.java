package dev.glassbox.store;

import java.util.Locale;

/** What a store access key may do: a reader every GET, an admin also the endpoints that delete. */
enum Role {
  READER, ADMIN;

  boolean allows(Role needed) {
    return this == ADMIN || needed == READER;
  }

  /** The role an access key names ({@code reader} or {@code admin}, any case). */
  static Role parse(String role) {
    try {
      return valueOf(role.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("has role '" + role + "'; use reader or admin, optionally @tenant");
    }
  }
}
