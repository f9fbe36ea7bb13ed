package dev.glassbox.store;

import dev.glassbox.core.call.CallKey;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.List;

/**
 * Which call a per-call path names: {@code /calls/{id}?tenant=t} names tenant t's call; without {@code ?tenant=},
 * the id names the one tenant's call that holds it, and is ambiguous (409 listing the tenants) when several do; a key
 * bound to a tenant always names its own tenant's call.
 */
@Singleton
public class CallLookup {

  /** Most tenants an ambiguous answer lists. */
  static final int MAX_TENANTS_LISTED = 20;

  /**
   * The outcome: {@code key} when the path names one call; otherwise {@code tenants} holds the id's tenants (empty:
   * unknown id; two or more: ambiguous).
   */
  public record Lookup(CallKey key, List<String> tenants) {
    boolean found() {
      return key != null;
    }

    /** The 404 or 409 JSON answer of a path that names no single call. */
    Response refusal(String id) {
      if (tenants.isEmpty()) {
        return Response.status(Response.Status.NOT_FOUND)
            .entity(ErrorBody.forCall("no call is stored with this id", id)).type(MediaType.APPLICATION_JSON).build();
      }
      return Response.status(Response.Status.CONFLICT).type(MediaType.APPLICATION_JSON)
          .entity(new Ambiguous(ambiguity(), id, "tenant", tenants)).build();
    }

    /** Why the id alone names no single call. */
    String ambiguity() {
      return "call id held by several tenants (" + String.join(", ", tenants) + "); add ?tenant=";
    }
  }

  /** The 409 body: the error, the id, the parameter to add and the tenants to choose from. */
  public record Ambiguous(String error, String callId, String field, List<String> tenants) {}

  private final ExplanationRepository repository;
  private final CallerTenant caller;

  public CallLookup(ExplanationRepository repository, CallerTenant caller) {
    this.repository = repository;
    this.caller = caller;
  }

  /**
   * Resolves {@code id} with the optional {@code ?tenant=} (null or empty: any tenant). A key bound to a tenant names
   * that tenant's call only: asking for another tenant's is answered as if no such call existed.
   */
  public Lookup resolve(String id, String tenant) throws SQLException {
    if (caller.excludes(tenant)) return new Lookup(null, List.of());
    if (caller.bound() != null) return new Lookup(new CallKey(caller.bound(), id), List.of(caller.bound()));
    if (tenant != null && !tenant.isEmpty()) return new Lookup(new CallKey(tenant, id), List.of(tenant));
    List<String> tenants = repository.tenantsOf(id, MAX_TENANTS_LISTED);
    return tenants.size() == 1 ? new Lookup(new CallKey(tenants.get(0), id), tenants) : new Lookup(null, tenants);
  }
}
