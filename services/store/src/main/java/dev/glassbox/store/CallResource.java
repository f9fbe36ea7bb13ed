package dev.glassbox.store;

import dev.glassbox.store.CallQuery.InvalidParameterException;
import dev.glassbox.store.ExpensiveReads.Kind;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.List;

/** The JSON API over stored explanations: one call, a filtered list, and totals. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class CallResource {

  /** The body of {@code GET /api/calls}. */
  public record CallList(List<CallSummary> calls, int count) {}

  private final ExplanationRepository repository;
  private final CallLookup lookup;
  private final CallerTenant caller;
  private final StoreConfig config;
  private final ExpensiveReads limits;

  public CallResource(ExplanationRepository repository, CallLookup lookup, CallerTenant caller, StoreConfig config,
      ExpensiveReads limits) {
    this.repository = repository;
    this.lookup = lookup;
    this.caller = caller;
    this.config = config;
    this.limits = limits;
  }

  /**
   * The stored explanation v1 JSON as the explainer wrote it (keys reordered by jsonb, NUL characters replaced);
   * {@code ?tenant=} picks the tenant's call when several tenants hold the id (409 without it).
   */
  @GET
  @Path("/calls/{id}")
  public Response call(@PathParam("id") String id, @QueryParam("tenant") String tenant) throws SQLException {
    CallLookup.Lookup found = lookup.resolve(id, tenant);
    if (!found.found()) return found.refusal(id);
    return repository.findExplanationJson(found.key())
        .map(json -> Response.ok(json, MediaType.APPLICATION_JSON_TYPE).build())
        .orElseGet(() -> notExplained(id));
  }

  /** The body of {@code GET /api/calls/{id}/history}: the latest explanation and the ones it replaced. */
  public record History(String callId, String tenant,
      @com.fasterxml.jackson.annotation.JsonRawValue String latest, List<ExplanationRepository.Replaced> replaced) {}

  /** Most replaced explanations one history answers. */
  static final int MAX_HISTORY = 100;

  /**
   * The latest explanation of the call with the earlier ones re-explaining replaced, newest first: each names in
   * its {@code provenance} which build, models and settings made it.
   */
  @GET
  @Path("/calls/{id}/history")
  public Response history(@PathParam("id") String id, @QueryParam("tenant") String tenant) throws SQLException {
    CallLookup.Lookup found = lookup.resolve(id, tenant);
    if (!found.found()) return found.refusal(id);
    var latest = repository.findExplanationJson(found.key());
    if (latest.isEmpty()) return notExplained(id);
    return Response.ok(new History(id, found.key().tenant(), latest.get(),
        repository.findHistory(found.key(), MAX_HISTORY))).build();
  }

  static Response notExplained(String id) {
    return Response.status(Response.Status.NOT_FOUND)
        .entity(ErrorBody.forCall("no explanation is stored for this call id", id)).build();
  }

  /** The body of {@code GET /api/calls/{id}/similar}. */
  public record SimilarList(String callId, String tenant, List<ExplanationRepository.SimilarCall> similar) {}

  /**
   * Example-based explanation: the earlier calls of the same tenant and app most like this one by surrogate
   * embedding, with their scores.
   */
  @GET
  @Path("/calls/{id}/similar")
  public Response similar(@PathParam("id") String id, @QueryParam("tenant") String tenant,
      @QueryParam("limit") String limit) throws SQLException {
    int k;
    try {
      k = CallQuery.limit(limit, config.similarShown(), 100);
    } catch (InvalidParameterException e) {
      return Response.status(Response.Status.BAD_REQUEST).entity(ErrorBody.forField(e.getMessage(), e.field())).build();
    }
    CallLookup.Lookup found = lookup.resolve(id, tenant);
    if (!found.found()) return found.refusal(id);
    return limits.run(Kind.SIMILAR, () -> {
      if (repository.findExplanationJson(found.key()).isEmpty()) return notExplained(id);
      return Response.ok(new SimilarList(id, found.key().tenant(),
          repository.findSimilar(found.key(), config.similarCandidates(), k))).build();
    });
  }

  /** Stored calls, newest first, filtered by the given parameters. */
  @GET
  @Path("/calls")
  public Response calls(@QueryParam("app") String app, @QueryParam("model") String model,
      @QueryParam("tenant") String tenant, @QueryParam("flagged") String flagged, @QueryParam("from") String from,
      @QueryParam("to") String to, @QueryParam("limit") String limit) throws SQLException {
    CallQuery query;
    try {
      query = CallQuery.parse(app, model, caller.narrow(tenant), flagged, from, to, limit, config.pageLimitDefault(),
          config.pageLimitMax());
    } catch (InvalidParameterException e) {
      return Response.status(Response.Status.BAD_REQUEST).entity(ErrorBody.forField(e.getMessage(), e.field()))
          .build();
    }
    // A key bound to a tenant that asks for another tenant's calls gets none, as if that tenant had none.
    List<CallSummary> calls = caller.excludes(tenant) ? List.of()
        : limits.run(Kind.LIST, () -> repository.findCalls(query));
    return Response.ok(new CallList(calls, calls.size())).build();
  }

  /** Totals and the least grounded calls (of the key's tenant, for a key bound to one). */
  @GET
  @Path("/stats")
  public StoreStats stats() throws SQLException {
    return limits.run(Kind.STATS, () -> repository.stats(config.statsLeastGrounded(), caller.bound()));
  }
}
