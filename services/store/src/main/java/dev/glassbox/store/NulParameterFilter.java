package dev.glassbox.store;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a path or query parameter holding the NUL character with 400 naming it: PostgreSQL cannot take NUL in
 * text, and would otherwise fail the query as if the database were down.
 */
public class NulParameterFilter {

  /** After authentication, so that a caller without a key learns nothing but 401. */
  @ServerRequestFilter(priority = Priorities.USER)
  public Response refuseNul(ContainerRequestContext request) {
    String name = firstWithNul(request.getUriInfo().getPathParameters());
    if (name == null) name = firstWithNul(request.getUriInfo().getQueryParameters());
    if (name == null) return null;
    return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE)
        .entity(ErrorBody.forField(name + " must not contain the NUL character", name)).build();
  }

  private static String firstWithNul(MultivaluedMap<String, String> parameters) {
    for (Map.Entry<String, List<String>> p : parameters.entrySet()) {
      if (p.getKey().indexOf('\0') >= 0) return p.getKey().replace('\0', '?');
      if (p.getValue().stream().anyMatch(v -> v != null && v.indexOf('\0') >= 0)) return p.getKey();
    }
    return null;
  }
}
