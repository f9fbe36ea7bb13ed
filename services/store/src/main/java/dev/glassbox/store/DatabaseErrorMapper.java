package dev.glassbox.store;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** A failed query is the caller's to retry, not a bug: every endpoint answers it 503 with a body that says so. */
public class DatabaseErrorMapper {

  private static final Logger LOG = Logger.getLogger(DatabaseErrorMapper.class);

  @ServerExceptionMapper
  public Response databaseFailed(SQLException e) {
    LOG.warnf("Answering 503: PostgreSQL query failed (%s)", SqlErrors.describe(e));
    return Response.status(Response.Status.SERVICE_UNAVAILABLE).type(MediaType.APPLICATION_JSON_TYPE)
        .entity(new ErrorBody("the database is unavailable; try again shortly", null, null)).build();
  }
}
