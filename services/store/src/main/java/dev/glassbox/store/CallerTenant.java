package dev.glassbox.store;

import jakarta.enterprise.context.RequestScoped;

/**
 * The tenant the request's access key is bound to ({@code reader@acme}): every read and delete of the request is
 * narrowed to it. Null when the key sees every tenant, or access keys are off. It also holds the key's name, which
 * verdicts and the audit log record as who acted.
 */
@RequestScoped
public class CallerTenant {

  /** Who acts when access keys are off. */
  static final String ANONYMOUS = "anonymous";

  private String tenant;
  private String name;
  private Role role;

  void set(String tenant, String name, Role role) {
    this.tenant = tenant;
    this.name = name;
    this.role = role;
  }

  /** Whether the request's key may do what {@code needed} may; every key may when access keys are off. */
  boolean may(Role needed) {
    return role == null || role.allows(needed);
  }

  /** The name of the request's access key, or {@link #ANONYMOUS} when access keys are off. */
  String name() {
    return name == null ? ANONYMOUS : name;
  }

  /** The bound tenant, or null. */
  String bound() {
    return tenant;
  }

  /** Whether the request asks for a tenant ({@code ?tenant=}) its key may not see. */
  boolean excludes(String asked) {
    return tenant != null && asked != null && !asked.isBlank() && !asked.equals(tenant);
  }

  /** The tenant to read: the bound one, or else the one asked for (null or blank: every tenant). */
  String narrow(String asked) {
    return tenant != null ? tenant : asked;
  }
}
