package dev.glassbox.store;

import dev.glassbox.core.access.AccessKeys;
import dev.glassbox.core.access.AccessKeys.Key;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Requires an access key on every REST endpoint and page: {@code Authorization: Bearer <token>}. A browser opens a
 * page once with {@code ?access_token=<token>}: the answer is a redirect to the same address without the token that
 * sets an HttpOnly cookie, which later GETs carry; the API refuses the query token, so it never lands in logs or
 * histories of API calls. Cookies never authorise other methods, so a page elsewhere cannot make a browser delete
 * anything; the one exception is a {@link CookieForm} page endpoint posted from this same origin (a verdict form).
 * Health and metrics are not REST endpoints, so they stay open.
 */
@Singleton
public class BearerAuthFilter {

  private static final Logger LOG = Logger.getLogger(BearerAuthFilter.class);
  static final String COOKIE = "glassbox_token";
  static final String QUERY = "access_token";

  private final AccessControl access;
  private final CallerTenant caller;

  /** The filter is made while the application is built, before configuration: the keys come through a proxy. */
  public BearerAuthFilter(AccessControl access, CallerTenant caller) {
    this.access = access;
    this.caller = caller;
  }

  @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
  public Response authenticate(ContainerRequestContext request, ResourceInfo resource) {
    if (!access.enabled()) return null;
    boolean safe = request.getMethod().equals("GET") || request.getMethod().equals("HEAD");
    String inAddress = request.getUriInfo().getQueryParameters().getFirst(QUERY);
    if (inAddress != null) return openPage(request, safe, inAddress);
    String token = AccessKeys.bearer(request.getHeaderString(HttpHeaders.AUTHORIZATION));
    if (token == null && (safe || sameOriginForm(request, resource))) {
      Cookie cookie = request.getCookies().get(COOKIE);
      if (cookie != null) token = cookie.getValue();
    }
    if (token == null) {
      return unauthorized("an access key is required: send Authorization: Bearer <token>");
    }
    Optional<Key<StoreGrant>> key = access.keys().find(token);
    if (key.isEmpty()) return unauthorized("the access key is not valid");
    Role needed = needed(resource);
    caller.set(key.get().grant().tenant(), key.get().name(), key.get().grant().role());
    if (!key.get().grant().role().allows(needed)) {
      LOG.infof("Refused %s %s to key %s (%s): needs %s", request.getMethod(), request.getUriInfo().getPath(),
          key.get().name(), key.get().grant().role(), needed);
      return Response.status(Response.Status.FORBIDDEN).type(MediaType.APPLICATION_JSON_TYPE)
          .entity(new ErrorBody("this needs " + article(needed) + " access key; key '" + key.get().name() + "' is "
              + article(key.get().grant().role()), null, null)).build();
    }
    return null;
  }

  /**
   * Whether a cookie may authorise this non-GET request: only a {@link CookieForm} endpoint, posted from a page of
   * this same origin. The cookie is SameSite=Strict already; the check also holds for browsers that ignore that.
   */
  static boolean sameOriginForm(ContainerRequestContext request, ResourceInfo resource) {
    if (resource.getResourceMethod() == null || !resource.getResourceMethod().isAnnotationPresent(CookieForm.class)) {
      return false;
    }
    String site = request.getHeaderString("Sec-Fetch-Site");
    if (site != null) return site.equals("same-origin");
    String origin = request.getHeaderString("Origin");
    String host = request.getHeaderString(HttpHeaders.HOST);
    if (origin == null || host == null) return false;
    try {
      return host.equalsIgnoreCase(URI.create(origin).getRawAuthority());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The role an endpoint needs: {@link AdminOnly}, {@link ReviewerOnly}, else a reader's. */
  private static Role needed(ResourceInfo resource) {
    if (resource.getResourceMethod() == null) return Role.READER;
    if (resource.getResourceMethod().isAnnotationPresent(AdminOnly.class)) return Role.ADMIN;
    return resource.getResourceMethod().isAnnotationPresent(ReviewerOnly.class) ? Role.REVIEWER : Role.READER;
  }

  private static String article(Role role) {
    return (role == Role.ADMIN ? "an " : "a ") + role.id();
  }

  /**
   * {@code ?access_token=} opens a page (a GET outside {@code /api}) only: a valid token is answered with a
   * redirect to the address without it, setting the cookie, so the token leaves the address bar at once.
   */
  private Response openPage(ContainerRequestContext request, boolean safe, String token) {
    String path = request.getUriInfo().getPath().replaceFirst("^/+", "");
    if (!safe || path.equals("api") || path.startsWith("api/")) {
      return unauthorized(QUERY + " only opens pages; send the key in the Authorization: Bearer <token> header");
    }
    if (access.keys().find(token).isEmpty()) return unauthorized("the access key is not valid");
    // A relative Location, set as a plain header: seeOther() would make it absolute with this server's own host.
    return Response.status(Response.Status.SEE_OTHER)
        .header(HttpHeaders.LOCATION, withoutToken(request.getUriInfo().getRequestUri()).toString())
        .cookie(cookie(token, overTls(request))).build();
  }

  private NewCookie cookie(String token, boolean secure) {
    return new NewCookie.Builder(COOKIE).value(token).path("/").httpOnly(true).secure(secure)
        .sameSite(NewCookie.SameSite.STRICT).maxAge((int) access.cookieMaxAge().toSeconds()).build();
  }

  /** Over TLS here, or at a proxy in front that says so; a Secure cookie is then never sent in clear. */
  private static boolean overTls(ContainerRequestContext request) {
    return "https".equalsIgnoreCase(request.getUriInfo().getRequestUri().getScheme())
        || "https".equalsIgnoreCase(request.getHeaderString("X-Forwarded-Proto"));
  }

  /** The same path and query, relative to the server, without {@code access_token} parameters. */
  static URI withoutToken(URI uri) {
    String query = uri.getRawQuery() == null ? "" : Arrays.stream(uri.getRawQuery().split("&"))
        .filter(p -> !p.equals(QUERY) && !p.startsWith(QUERY + "=")).collect(Collectors.joining("&"));
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return URI.create(query.isEmpty() ? path : path + "?" + query);
  }

  private static Response unauthorized(String why) {
    return Response.status(Response.Status.UNAUTHORIZED)
        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"glassbox\"")
        .type(MediaType.APPLICATION_JSON_TYPE).entity(new ErrorBody(why, null, null)).build();
  }
}
