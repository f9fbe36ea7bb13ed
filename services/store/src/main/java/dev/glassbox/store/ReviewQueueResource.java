package dev.glassbox.store;

import dev.glassbox.store.CallQuery.InvalidParameterException;
import dev.glassbox.store.ExpensiveReads.Kind;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The review queue: calls nobody has reviewed yet (flagged ones riskiest first, or an app's checkable ones most
 * informative first), as JSON and as a page on which a reviewer marks calls from the keyboard. Readers see it;
 * marking needs a reviewer key.
 */
@Path("/")
public class ReviewQueueResource {

  /** The JSON endpoint, at {@code /api/review-queue}; apart because the API's classes are matched under {@code /api}. */
  @Path("/api/review-queue")
  public static class Api {
    private final ReviewQueueResource queue;

    public Api(ReviewQueueResource queue) {
      this.queue = queue;
    }

    /** A page of the queue as JSON; 400 naming the parameter when one cannot be used. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response page(@BeanParam QueueParams params) throws SQLException {
      ReviewQueueQuery q;
      try {
        q = queue.parse(params);
      } catch (InvalidParameterException e) {
        return VerdictResource.badRequest(e);
      }
      return Response.ok(ReviewQueue.Body.of(q, queue.read(q, params))).build();
    }
  }

  /**
   * The queue page's policy: the store's own (application.properties) plus its one script and the verdict posts that
   * script makes, both from this origin only. Every other page still runs no script. JSON answers carry
   * {@code nosniff}, so no API answer can be loaded as a script from here.
   */
  static final String CSP = "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; "
      + "img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  /** Templates under {@code templates/ReviewQueueResource/}. */
  @CheckedTemplate
  static class Templates {
    static native TemplateInstance queue(QueuePage page);
  }

  /**
   * What the queue page shows.
   *
   * @param form the parameters as given, to fill the filter form
   * @param nextUrl the next page, or null after the last
   * @param canReview whether the key may post verdicts, so the page offers the mark keys
   * @param error why the parameters were refused, or null
   */
  public record QueuePage(List<ReviewQueue.Row> rows, QueueParams form, String order, String nextUrl,
      boolean canReview, String error) {}

  /** The queue's query parameters, shared by the page and the API. */
  public static class QueueParams {
    @QueryParam("app") public String app;
    @QueryParam("model") public String model;
    @QueryParam("tenant") public String tenant;
    @QueryParam("since") public String since;
    @QueryParam("until") public String until;
    @QueryParam("verdict") public String verdict;
    @QueryParam("model_version") public String modelVersion;
    @QueryParam("glassbox_version") public String glassboxVersion;
    @QueryParam("order") public String order;
    @QueryParam("after") public String after;
    @QueryParam("limit") public String limit;

    ReviewQueueQuery.Params raw() {
      return new ReviewQueueQuery.Params(app, model, tenant, since, until, verdict, modelVersion, glassboxVersion,
          order, after, limit);
    }

    /** The page's address with these filters and {@code after} in place of this page's. */
    String pageUrl(String nextAfter) {
      List<String> pairs = new ArrayList<>();
      String[][] named = {{"app", app}, {"model", model}, {"tenant", tenant}, {"since", since}, {"until", until},
          {"verdict", verdict}, {"model_version", modelVersion}, {"glassbox_version", glassboxVersion},
          {"order", order}, {"limit", limit}, {"after", nextAfter}};
      for (String[] p : named) {
        if (p[1] != null && !p[1].isBlank()) pairs.add(p[0] + "=" + Links.pathSegment(p[1]));
      }
      return "/review" + (pairs.isEmpty() ? "" : "?" + String.join("&", pairs));
    }
  }

  private final ReviewQueueRepository queue;
  private final CallerTenant caller;
  private final StoreConfig config;
  private final ExpensiveReads limits;

  public ReviewQueueResource(ReviewQueueRepository queue, CallerTenant caller, StoreConfig config,
      ExpensiveReads limits) {
    this.queue = queue;
    this.caller = caller;
    this.config = config;
    this.limits = limits;
  }

  /** The queue page; the same parameters as the API, refused ones shown on the page with a 400. */
  @GET
  @Path("review")
  @Produces(CallPageResource.HTML)
  public Response page(@BeanParam QueueParams params, @Context HttpServerResponse http) throws SQLException {
    // Replaces the policy every answer gets (quarkus.http.header), which a JAX-RS header would only add to.
    http.headers().set("Content-Security-Policy", CSP);
    boolean canReview = caller.may(Role.REVIEWER);
    String html;
    Response.Status status = Response.Status.OK;
    try {
      ReviewQueueQuery q = parse(params);
      ReviewQueue.Page page = read(q, params);
      html = Templates.queue(new QueuePage(page.rows(), params, q.order().id(),
          page.next() == null ? null : params.pageUrl(page.next().encode()), canReview, null)).render();
    } catch (InvalidParameterException e) {
      status = Response.Status.BAD_REQUEST;
      html = Templates.queue(new QueuePage(List.of(), params, "riskiest", null, canReview,
          e.field() + ": " + e.getMessage())).render();
    }
    return Response.status(status).type(CallPageResource.HTML).entity(html).build();
  }

  ReviewQueueQuery parse(QueueParams params) {
    return ReviewQueueQuery.parse(params.raw(), config.indexSize(), config.pageLimitMax());
  }

  /** The page, empty when a key bound to a tenant asks for another tenant's queue (as lists do). */
  ReviewQueue.Page read(ReviewQueueQuery q, QueueParams params) throws SQLException {
    if (caller.excludes(params.tenant)) return new ReviewQueue.Page(List.of(), null);
    return limits.run(Kind.LIST, () -> queue.page(q.ofTenant(caller.bound())));
  }
}
