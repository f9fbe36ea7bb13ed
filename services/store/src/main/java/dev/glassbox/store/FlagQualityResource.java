package dev.glassbox.store;

import dev.glassbox.store.CallQuery.InvalidParameterException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** {@code GET /api/flag-quality}: how often flags were right, by reviewers' verdicts, with the counts behind it. */
@Path("/api/flag-quality")
@Produces(MediaType.APPLICATION_JSON)
public class FlagQualityResource {

  /** The body: one entry per (app, model, Glassbox version, scoring model). */
  public record FlagQuality(List<FlagQualityRepository.Quality> groups) {}

  private final FlagQualityRepository repository;
  private final CallerTenant caller;

  public FlagQualityResource(FlagQualityRepository repository, CallerTenant caller) {
    this.repository = repository;
    this.caller = caller;
  }

  /** Verdicts given in [{@code since}, {@code until}) (ISO-8601; absent: unbounded), of one app when given. */
  @GET
  public Response get(@QueryParam("app") String app, @QueryParam("tenant") String tenant,
      @QueryParam("since") String since, @QueryParam("until") String until) throws SQLException {
    Instant from, to;
    try {
      from = CallQuery.instant(since, "since");
      to = CallQuery.instant(until, "until");
    } catch (InvalidParameterException e) {
      return VerdictResource.badRequest(e);
    }
    // A key bound to a tenant that asks for another tenant's figures gets none, as for verdicts.
    if (caller.excludes(tenant)) return Response.ok(new FlagQuality(List.of())).build();
    return Response.ok(new FlagQuality(repository.find(CallQuery.blankToNull(app), caller.narrow(tenant), from, to)))
        .build();
  }
}
