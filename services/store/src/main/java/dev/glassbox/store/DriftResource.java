package dev.glassbox.store;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.List;

/** Stored drift reports, newest window first. */
@Path("/api/drift")
@Produces(MediaType.APPLICATION_JSON)
public class DriftResource {

  public record DriftList(List<DriftRow> reports, int count) {}

  private final DriftRepository repository;
  private final CallerTenant caller;
  private final StoreConfig config;
  private final ExpensiveReads limits;

  public DriftResource(DriftRepository repository, CallerTenant caller, StoreConfig config, ExpensiveReads limits) {
    this.caller = caller;
    this.repository = repository;
    this.config = config;
    this.limits = limits;
  }

  @GET
  public Response reports(@QueryParam("app") String app, @QueryParam("model") String model,
      @QueryParam("limit") String limit) throws SQLException {
    int n;
    try {
      n = CallQuery.limit(limit, config.pageLimitDefault(), config.pageLimitMax());
    } catch (CallQuery.InvalidParameterException e) {
      return Response.status(Response.Status.BAD_REQUEST).entity(ErrorBody.forField(e.getMessage(), e.field())).build();
    }
    List<DriftRow> rows = limits.run(ExpensiveReads.Kind.LIST,
        () -> repository.find(blankToNull(app), blankToNull(model), caller.bound(), n));
    return Response.ok(new DriftList(rows, rows.size())).build();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
