package dev.glassbox.store;

/**
 * What a store access key grants: a role over every tenant ({@code reader}, {@code admin}) or over one tenant's calls
 * only ({@code reader@acme}, {@code admin@acme}).
 *
 * @param tenant the one tenant the key sees, or {@code null} for every tenant
 */
record StoreGrant(Role role, String tenant) {

  /** The grant an access key names; throws IllegalArgumentException with the reason when it is none. */
  static StoreGrant parse(String grant) {
    int at = grant.indexOf('@');
    Role role = Role.parse(at < 0 ? grant : grant.substring(0, at).strip());
    if (at < 0) return new StoreGrant(role, null);
    String tenant = grant.substring(at + 1).strip();
    if (tenant.isEmpty()) throw new IllegalArgumentException("names no tenant after '@'");
    return new StoreGrant(role, tenant);
  }
}
