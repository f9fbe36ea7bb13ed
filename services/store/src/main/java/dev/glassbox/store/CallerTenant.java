package dev.glassbox.store;

import jakarta.enterprise.context.RequestScoped;

/**
 * The tenant the request's access key is bound to ({@code reader@acme}): every read and delete of the request is
 * narrowed to it. Null when the key sees every tenant, or access keys are off.
 */
@RequestScoped
public class CallerTenant {

  private String tenant;

  void set(String tenant) {
    this.tenant = tenant;
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
