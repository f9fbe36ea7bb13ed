package dev.glassbox.store;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.glassbox.core.compare.CompareSettings;
import dev.glassbox.core.compare.Comparison;
import dev.glassbox.core.compare.Grouping;
import dev.glassbox.core.compare.VersionComparison;
import dev.glassbox.core.compare.VersionSample;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.time.Instant;

/**
 * {@code GET /api/compare}: two models (or two values of a call attribute) of one app over a period, compared metric
 * by metric with intervals and Holm-corrected tests (core's {@link VersionComparison}, as {@code glassbox compare}).
 */
@Path("/api/compare")
@Produces(MediaType.APPLICATION_JSON)
public class CompareResource {

  /** The comparison with what it was asked for; {@code tenant} is null when every tenant's calls were read. */
  public record CompareBody(String app, String since, String until, String tenant,
      @JsonUnwrapped Comparison comparison) {}

  private final CompareRepository repository;
  private final CallerTenant caller;
  private final ExpensiveReads limits;

  public CompareResource(CompareRepository repository, CallerTenant caller, ExpensiveReads limits) {
    this.repository = repository;
    this.caller = caller;
    this.limits = limits;
  }

  /**
   * 200 with the comparison; 400 naming the field when {@code app}, {@code a}, {@code b} or {@code since} is missing,
   * {@code a} equals {@code b}, a timestamp is not ISO-8601 or {@code since} is not before {@code until} (default:
   * now), or {@code by} is neither {@code model} nor {@code attribute:<name>}. A key bound to a tenant reads only its
   * tenant's calls; asking for another tenant compares no calls, as its lists show none.
   */
  @GET
  public Response compare(@QueryParam("app") String app, @QueryParam("a") String a, @QueryParam("b") String b,
      @QueryParam("since") String since, @QueryParam("until") String until, @QueryParam("by") String by,
      @QueryParam("tenant") String tenant) throws SQLException {
    Grouping grouping;
    Instant from, to;
    try {
      required(app, "app");
      required(a, "a");
      required(b, "b");
      if (a.equals(b)) throw new CallQuery.InvalidParameterException("b", "b must differ from a");
      from = CallQuery.instant(since, "since");
      if (from == null) throw new CallQuery.InvalidParameterException("since", "since is required");
      to = until == null || until.isBlank() ? Instant.now() : CallQuery.instant(until, "until");
      if (!from.isBefore(to)) throw new CallQuery.InvalidParameterException("until", "until must be after since");
      grouping = parse(by);
    } catch (CallQuery.InvalidParameterException e) {
      return Response.status(Response.Status.BAD_REQUEST).entity(ErrorBody.forField(e.getMessage(), e.field())).build();
    }
    String readTenant = CallQuery.blankToNull(caller.narrow(tenant));
    // A tenant the key may not see is compared over no calls: an impossible period reads nothing.
    Instant end = caller.excludes(tenant) ? from : to;
    CompareSettings settings = CompareSettings.DEFAULT;
    Comparison comparison = limits.run(ExpensiveReads.Kind.COMPARE, () -> {
      VersionSample sa = repository.sample(app, grouping, a, from, end, readTenant, settings.maxPerSide());
      VersionSample sb = repository.sample(app, grouping, b, from, end, readTenant, settings.maxPerSide());
      return new VersionComparison(settings).compare(grouping.toString(), a, b, sa, sb);
    });
    return Response.ok(new CompareBody(app, from.toString(), to.toString(), readTenant, comparison)).build();
  }

  private static void required(String value, String field) {
    if (value == null || value.isBlank()) throw new CallQuery.InvalidParameterException(field, field + " is required");
  }

  private static Grouping parse(String by) {
    try {
      return Grouping.parse(by);
    } catch (IllegalArgumentException e) {
      throw new CallQuery.InvalidParameterException("by", e.getMessage());
    }
  }
}
