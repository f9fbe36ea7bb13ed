package dev.glassbox.store;

import dev.glassbox.store.CallQuery.InvalidParameterException;
import jakarta.ws.rs.Consumes;
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

/** Reviewers' verdicts over the API: add one to a call (reviewer or admin keys), list a call's, search them all. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class VerdictResource {

  /** The body of the verdict lists. */
  public record VerdictList(List<VerdictRepository.StoredVerdict> verdicts, int count) {
    static VerdictList of(List<VerdictRepository.StoredVerdict> verdicts) {
      return new VerdictList(verdicts, verdicts.size());
    }
  }

  private final VerdictRepository verdicts;
  private final CallLookup lookup;
  private final CallerTenant caller;
  private final StoreConfig config;

  public VerdictResource(VerdictRepository verdicts, CallLookup lookup, CallerTenant caller, StoreConfig config) {
    this.verdicts = verdicts;
    this.lookup = lookup;
    this.caller = caller;
    this.config = config;
  }

  /**
   * Appends the key's verdict on the call (the reviewer is the key's name): 201 with the stored verdict, 400 when
   * the body is not a valid verdict, 404 when no call is stored (or the key's tenant does not hold it).
   */
  @POST
  @Path("/calls/{id}/verdicts")
  @Consumes(MediaType.APPLICATION_JSON)
  @ReviewerOnly
  public Response add(@PathParam("id") String id, @QueryParam("tenant") String tenant, ReviewerVerdict body)
      throws SQLException {
    if (body == null) return badRequest(new InvalidParameterException("verdict", "the body must be a verdict"));
    try {
      body.validate();
    } catch (InvalidParameterException e) {
      return badRequest(e);
    }
    CallLookup.Lookup found = lookup.resolve(id, tenant);
    if (!found.found()) return found.refusal(id);
    return verdicts.add(found.key(), caller.name(), body)
        .map(v -> Response.status(Response.Status.CREATED).entity(v).build())
        .orElseGet(() -> Response.status(Response.Status.NOT_FOUND)
            .entity(ErrorBody.forCall("no call is stored with this id", id)).build());
  }

  /** The call's verdicts, newest first. */
  @GET
  @Path("/calls/{id}/verdicts")
  public Response ofCall(@PathParam("id") String id, @QueryParam("tenant") String tenant) throws SQLException {
    CallLookup.Lookup found = lookup.resolve(id, tenant);
    if (!found.found()) return found.refusal(id);
    return Response.ok(VerdictList.of(verdicts.ofCall(found.key()))).build();
  }

  /** Verdicts filtered by app, tenant, reviewer, time ({@code since} inclusive, {@code until} exclusive), verdict. */
  @GET
  @Path("/verdicts")
  public Response find(@QueryParam("app") String app, @QueryParam("tenant") String tenant,
      @QueryParam("reviewer") String reviewer, @QueryParam("since") String since, @QueryParam("until") String until,
      @QueryParam("verdict") String verdict, @QueryParam("limit") String limit) throws SQLException {
    VerdictQuery q;
    try {
      q = VerdictQuery.parse(app, caller.narrow(tenant), reviewer, since, until, verdict, limit,
          config.pageLimitDefault(), config.pageLimitMax());
    } catch (InvalidParameterException e) {
      return badRequest(e);
    }
    // A key bound to a tenant that asks for another tenant's verdicts gets none, as for calls.
    return Response.ok(VerdictList.of(caller.excludes(tenant) ? List.of() : verdicts.find(q))).build();
  }

  static Response badRequest(InvalidParameterException e) {
    return Response.status(Response.Status.BAD_REQUEST).entity(ErrorBody.forField(e.getMessage(), e.field())).build();
  }
}
