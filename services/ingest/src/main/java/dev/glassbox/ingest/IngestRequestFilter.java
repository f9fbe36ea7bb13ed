package dev.glassbox.ingest;

import dev.glassbox.core.json.Json;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * What every ingest request must be before its body is read: not an OPTIONS preflight (ingest grants no
 * cross-origin access), with a valid producer key ({@code Authorization: Bearer <token>}) when keys are on, and a JSON or NDJSON
 * body. A web page can send neither the header nor those content types without a preflight, which is refused.
 */
@Singleton
public class IngestRequestFilter {

  /** The body types ingest reads, compared without parameters such as {@code charset}. */
  static final Set<String> ACCEPTED_TYPES = Set.of("application/json", "application/x-ndjson", "application/jsonl");

  private final IngestAccess access;

  public IngestRequestFilter(IngestAccess access) {
    this.access = access;
  }

  /**
   * Refuses every OPTIONS request, a CORS preflight included, on the HTTP router itself: the REST layer would answer
   * OPTIONS on its own before any request filter runs.
   */
  void refusePreflights(@Observes Router router) {
    router.route().order(Integer.MIN_VALUE).handler(ctx -> {
      if (ctx.request().method() != HttpMethod.OPTIONS) {
        ctx.next();
        return;
      }
      ctx.response().setStatusCode(405).putHeader(HttpHeaders.ALLOW, "POST")
          .putHeader(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON)
          .end(Json.string(Map.of("error", "OPTIONS is not answered: ingest allows no cross-origin requests",
              "field", "$")));
    });
  }

  @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
  public Response check(ContainerRequestContext request) {
    String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    if (!access.admits(authorization)) {
      // Neither answer names or hints at a configured key: guessing learns nothing but no.
      return refuse(401, authorization == null ? "a producer key is required: send Authorization: Bearer <token>"
          : "the producer key is not valid").header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"glassbox-ingest\"")
          .build();
    }
    String type = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
    String bare = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (bare.equals("application/x-protobuf")) {
      return refuse(415, "OTLP/HTTP protobuf is not supported: send OTLP/HTTP JSON (Content-Type: application/json; "
          + "in the OpenTelemetry Collector: otlphttp exporter with encoding: json)").build();
    }
    if (!ACCEPTED_TYPES.contains(bare)) {
      return refuse(415, "Content-Type " + (type == null ? "(none)" : type) + " is not accepted: send "
          + "application/json or application/x-ndjson (application/jsonl)").build();
    }
    return null;
  }

  private static Response.ResponseBuilder refuse(int status, String reason) {
    return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(Map.of("error", reason, "field", "$"));
  }
}
