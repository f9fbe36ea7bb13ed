package dev.glassbox.store;

import dev.glassbox.store.AccessKeys.Key;
import dev.glassbox.store.AccessKeys.Role;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Requires an access key on every REST endpoint and page: {@code Authorization: Bearer <token>}; browsers may pass
 * {@code ?access_token=<token>} once on a GET, which sets an HttpOnly cookie that later GETs carry. Cookies never
 * authorise other methods, so a page elsewhere cannot make a browser delete anything. Health and metrics are not
 * REST endpoints, so they stay open.
 */
@Singleton
public class BearerAuthFilter {

  private static final Logger LOG = Logger.getLogger(BearerAuthFilter.class);
  static final String COOKIE = "glassbox_token";
  static final String QUERY = "access_token";
  private static final String SET_COOKIE = "glassbox.auth.set-cookie";

  private final AccessControl access;

  /** The filter is made while the application is built, before configuration: the keys come through a proxy. */
  public BearerAuthFilter(AccessControl access) {
    this.access = access;
  }

  @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
  public Response authenticate(ContainerRequestContext request, ResourceInfo resource) {
    if (!access.enabled()) return null;
    boolean safe = request.getMethod().equals("GET") || request.getMethod().equals("HEAD");
    String token = bearer(request.getHeaderString(HttpHeaders.AUTHORIZATION));
    if (token == null && safe) {
      token = request.getUriInfo().getQueryParameters().getFirst(QUERY);
      if (token != null) request.setProperty(SET_COOKIE, token);
    }
    if (token == null && safe) {
      Cookie cookie = request.getCookies().get(COOKIE);
      if (cookie != null) token = cookie.getValue();
    }
    if (token == null) {
      return unauthorized("an access key is required: send Authorization: Bearer <token>");
    }
    Optional<Key> key = access.keys().find(token);
    if (key.isEmpty()) {
      request.removeProperty(SET_COOKIE);
      return unauthorized("the access key is not valid");
    }
    Role needed = resource.getResourceMethod() != null
        && resource.getResourceMethod().isAnnotationPresent(AdminOnly.class) ? Role.ADMIN : Role.READER;
    if (!key.get().role().allows(needed)) {
      LOG.infof("Refused %s %s to key %s (%s): needs %s", request.getMethod(), request.getUriInfo().getPath(),
          key.get().name(), key.get().role(), needed);
      return Response.status(Response.Status.FORBIDDEN).type(MediaType.APPLICATION_JSON_TYPE)
          .entity(new ErrorBody("this needs an admin access key; key '" + key.get().name() + "' is a reader", null,
              null)).build();
    }
    return null;
  }

  @ServerResponseFilter
  public void rememberBrowserToken(ContainerRequestContext request, ContainerResponseContext response) {
    Object token = request.getProperty(SET_COOKIE);
    if (token == null) return;
    response.getHeaders().add(HttpHeaders.SET_COOKIE, new NewCookie.Builder(COOKIE).value(token.toString()).path("/")
        .httpOnly(true).sameSite(NewCookie.SameSite.LAX).build());
  }

  private static Response unauthorized(String why) {
    return Response.status(Response.Status.UNAUTHORIZED)
        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"glassbox\"")
        .type(MediaType.APPLICATION_JSON_TYPE).entity(new ErrorBody(why, null, null)).build();
  }

  private static String bearer(String header) {
    if (header == null) return null;
    String h = header.strip();
    if (h.length() < 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) return null;
    String token = h.substring(7).strip();
    return token.isEmpty() ? null : token;
  }
}
