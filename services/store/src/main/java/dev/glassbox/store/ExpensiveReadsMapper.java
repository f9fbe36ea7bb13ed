package dev.glassbox.store;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** A refused expensive read is load shedding, not a failure: 429 with {@code Retry-After}, logged at no level. */
public class ExpensiveReadsMapper {

  @ServerExceptionMapper
  public Response refused(ExpensiveReads.Refused e) {
    // Not logged: under a flood that would be one line per refused request; the refusal counter tells the rate.
    return Response.status(Response.Status.TOO_MANY_REQUESTS).type(MediaType.APPLICATION_JSON_TYPE)
        .header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds())
        .entity(new ErrorBody(e.getMessage(), null, null)).build();
  }
}
