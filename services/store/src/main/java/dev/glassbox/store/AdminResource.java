package dev.glassbox.store;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;

/** What only admin keys may do: delete a call, run retention now. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

  private final ExplanationRepository repository;
  private final RetentionJob retention;

  public AdminResource(ExplanationRepository repository, RetentionJob retention) {
    this.repository = repository;
    this.retention = retention;
  }

  /** Deletes a call with its explanation, sentences and tokens: 204, or 404 when nothing was stored for the id. */
  @DELETE
  @Path("/calls/{id}")
  @AdminOnly
  public Response delete(@PathParam("id") String id) throws SQLException {
    return repository.deleteCall(id) ? Response.noContent().build()
        : Response.status(Response.Status.NOT_FOUND)
            .entity(ErrorBody.forCall("no call is stored with this id", id)).build();
  }

  /** Runs the retention job now; answers what it deleted per table. */
  @POST
  @Path("/admin/retention")
  @AdminOnly
  public Retention.Run runRetention() throws SQLException {
    return retention.runNow();
  }
}
