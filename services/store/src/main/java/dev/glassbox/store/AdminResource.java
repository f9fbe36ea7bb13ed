package dev.glassbox.store;

import dev.glassbox.core.audit.AuditEntry;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.List;

/** What only admin keys may do: delete a call, run retention now, read the audit log. Each use is audited. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

  private final ExplanationRepository repository;
  private final CallLookup lookup;
  private final CallerTenant caller;
  private final RetentionJob retention;
  private final AuditTrail audit;
  private final StoreConfig config;

  public AdminResource(ExplanationRepository repository, CallLookup lookup, CallerTenant caller,
      RetentionJob retention, AuditTrail audit, StoreConfig config) {
    this.repository = repository;
    this.lookup = lookup;
    this.caller = caller;
    this.retention = retention;
    this.audit = audit;
    this.config = config;
  }

  /**
   * Deletes a call with its explanation, sentences and tokens and leaves a tombstone, so a replay of it is refused:
   * 204, 404 when nothing was stored for the id, 409 when several tenants hold it and {@code ?tenant=} is missing.
   */
  @DELETE
  @Path("/calls/{id}")
  @AdminOnly
  public Response delete(@PathParam("id") String id, @QueryParam("tenant") String tenant) throws SQLException {
    CallLookup.Lookup found = lookup.resolve(id, tenant);
    if (found.found() && repository.deleteCall(found.key(), caller.name())) return Response.noContent().build();
    return found.found() ? new CallLookup.Lookup(null, List.of()).refusal(id) : found.refusal(id);
  }

  /** Runs the retention job now; answers what it deleted per table. It spans every tenant: 403 to a bound key. */
  @POST
  @Path("/admin/retention")
  @AdminOnly
  public Response runRetention() throws SQLException {
    if (caller.bound() != null) {
      return Response.status(Response.Status.FORBIDDEN).entity(new ErrorBody(
          "retention spans every tenant: it needs an admin key bound to no tenant", null, null)).build();
    }
    return Response.ok(retention.runNow(caller.name())).build();
  }

  /** The body of {@code GET /api/audit}. */
  public record AuditList(List<AuditEntry> entries, int count) {}

  /**
   * The audit log, newest first, filtered by tenant, actor, action and time ({@code since} inclusive, {@code until}
   * exclusive). A key bound to a tenant sees that tenant's rows only. Reading it is audited too.
   */
  @GET
  @Path("/audit")
  @AdminOnly
  public Response auditLog(@QueryParam("tenant") String tenant, @QueryParam("actor") String actor,
      @QueryParam("action") String action, @QueryParam("since") String since, @QueryParam("until") String until,
      @QueryParam("limit") String limit) throws SQLException {
    AuditTrail.Query q;
    try {
      q = new AuditTrail.Query(CallQuery.blankToNull(caller.narrow(tenant)), CallQuery.blankToNull(actor),
          CallQuery.blankToNull(action), CallQuery.instant(since, "since"), CallQuery.instant(until, "until"),
          CallQuery.limit(limit, config.pageLimitDefault(), config.pageLimitMax()));
    } catch (CallQuery.InvalidParameterException e) {
      return VerdictResource.badRequest(e);
    }
    List<AuditEntry> entries = caller.excludes(tenant) ? List.of() : audit.find(q);
    audit.record(caller.name(), "audit-read", caller.bound(), null, null);
    return Response.ok(new AuditList(entries, entries.size())).build();
  }
}
