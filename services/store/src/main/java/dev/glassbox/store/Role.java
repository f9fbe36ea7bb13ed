package dev.glassbox.store;

import java.util.Locale;

/**
 * What a store access key may do, each role everything the one before it may: a reader every GET, a reviewer also
 * post verdicts, an admin also the endpoints that delete, run jobs or read the audit log.
 */
enum Role {
  READER, REVIEWER, ADMIN;

  boolean allows(Role needed) {
    return compareTo(needed) >= 0;
  }

  /** The role an access key names ({@code reader}, {@code reviewer} or {@code admin}, any case). */
  static Role parse(String role) {
    try {
      return valueOf(role.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("has role '" + role + "'; use reader, reviewer or admin, optionally @tenant");
    }
  }

  /** The role in lower case, as keys name it. */
  String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
