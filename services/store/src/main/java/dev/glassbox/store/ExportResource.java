package dev.glassbox.store;

import dev.glassbox.core.audit.CallExport;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * {@code GET /api/export}: the same call v1 lines as {@code glassbox export} (one {@link CallExport} writes both),
 * streamed as NDJSON to admin keys, a bound key's tenant only. The export is audited before its first row leaves.
 */
@Path("/api/export")
public class ExportResource {

  static final String NDJSON = "application/x-ndjson";

  private final DataSource reads;
  private final CallerTenant caller;
  private final AuditTrail audit;
  private final ExpensiveReads limits;

  @Inject
  public ExportResource(TenantReads reads, CallerTenant caller, AuditTrail audit, ExpensiveReads limits) {
    this.reads = reads;
    this.caller = caller;
    this.audit = audit;
    this.limits = limits;
  }

  /**
   * One app's calls explained in [{@code since}, {@code until}), optionally one tenant's, only flagged ones, only
   * reviewed ones: 200 NDJSON, 400 when a parameter is missing or invalid, 429 with {@code Retry-After} while
   * {@code glassbox.store.api.max-concurrent-exports} exports stream. A bound key asking for another tenant gets an
   * empty export, as its lists do.
   */
  @GET
  @Produces(NDJSON)
  @AdminOnly
  public Response export(@QueryParam("app") String app, @QueryParam("since") String since,
      @QueryParam("until") String until, @QueryParam("tenant") String tenant, @QueryParam("flagged") boolean flagged,
      @QueryParam("reviewed") boolean reviewed) throws SQLException {
    CallExport.Filter filter;
    try {
      Instant from = CallQuery.instant(since, "since");
      Instant to = CallQuery.instant(until, "until");
      filter = new CallExport.Filter(app, from, to, CallQuery.blankToNull(caller.narrow(tenant)), flagged, reviewed);
    } catch (IllegalArgumentException e) {
      return Response.status(Response.Status.BAD_REQUEST).type("application/json")
          .entity(new ErrorBody(e.getMessage(), null, null)).build();
    }
    // Held from the count until the last line is written: the stream runs after this method returns.
    ExpensiveReads.Permit permit = limits.permit(ExpensiveReads.Kind.EXPORT);
    try {
      return Response.ok(stream(filter, caller.excludes(tenant), permit), NDJSON).build();
    } catch (SQLException | RuntimeException e) {
      permit.close();
      throw e;
    }
  }

  /**
   * Counts and audits the export, then the body that streams it and releases the permit and connection at its end.
   * The connection is taken here, in the request, so that a key bound to a tenant streams over a connection
   * narrowed to it ({@link TenantReads}) whichever thread writes the body.
   */
  private StreamingOutput stream(CallExport.Filter filter, boolean none, ExpensiveReads.Permit permit)
      throws SQLException {
    Connection c = reads.getConnection();
    try {
      long rows = none ? 0 : CallExport.count(c, filter);
      audit.record(caller.name(), "export", filter.tenant(), filter.app(), filter.detail(rows));
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
    return out -> {
      try (permit; c) {
        if (!none) CallExport.write(c, filter, out, n -> { });
      } catch (SQLException e) {
        throw new IOException("export failed: " + e.getMessage(), e);
      }
    };
  }
}
