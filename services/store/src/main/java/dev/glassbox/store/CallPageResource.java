package dev.glassbox.store;

import dev.glassbox.core.call.CallKey;
import dev.glassbox.core.explanation.ExplanationCodec;
import dev.glassbox.store.ExpensiveReads.Kind;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** The HTML pages: an index of the newest calls and one explanation page per call. */
@Path("/")
@Produces(CallPageResource.HTML)
public class CallPageResource {

  /**
   * HTML that names its charset. A template inside a Response is written with its file's bare {@code text/html},
   * so the pages that answer a Response render their template to a string first.
   */
  static final String HTML = MediaType.TEXT_HTML + ";charset=utf-8";

  /** Templates under {@code templates/CallPageResource/}; Qute checks their expressions at build time. */
  @CheckedTemplate
  static class Templates {
    static native TemplateInstance index(List<CallSummary> calls, StoreStats stats);

    static native TemplateInstance call(CallPage page, Reviews reviews);

    static native TemplateInstance notFound(String callId);

    static native TemplateInstance ambiguous(String callId, List<TenantLink> tenants);
  }

  /** The verdicts shown on a call's page, newest first, and where its form posts a new one. */
  public record Reviews(List<VerdictRepository.StoredVerdict> verdicts, String formUrl) {}

  /** A link to one tenant's call on the page that asks which tenant's call was meant. */
  public record TenantLink(String tenant, String url) {
  }

  private final ExplanationRepository repository;
  private final CallLookup lookup;
  private final CallerTenant caller;
  private final StoreConfig config;
  private final ExpensiveReads limits;
  private final VerdictRepository verdicts;

  public CallPageResource(ExplanationRepository repository, CallLookup lookup, CallerTenant caller,
      StoreConfig config, ExpensiveReads limits, VerdictRepository verdicts) {
    this.repository = repository;
    this.verdicts = verdicts;
    this.lookup = lookup;
    this.caller = caller;
    this.config = config;
    this.limits = limits;
  }

  @GET
  public TemplateInstance index() throws SQLException {
    return limits.run(Kind.LIST, () ->
        Templates.index(repository.findCalls(CallQuery.newest(config.indexSize()).ofTenant(caller.bound())),
            repository.stats(0, caller.bound())));
  }

  @GET
  @Path("calls/{id}")
  public Response call(@PathParam("id") String id, @QueryParam("tenant") String tenant) throws SQLException {
    CallLookup.Lookup found = lookup.resolve(id, tenant);
    if (found.tenants().size() > 1 && !found.found()) {
      List<TenantLink> links = found.tenants().stream()
          .map(t -> new TenantLink(t, Links.callPage(new CallKey(t, id)))).toList();
      return Response.status(Response.Status.CONFLICT).type(HTML).entity(Templates.ambiguous(id, links).render())
          .build();
    }
    Optional<String> json = found.found() ? repository.findExplanationJson(found.key()) : Optional.empty();
    if (json.isEmpty()) {
      return Response.status(Response.Status.NOT_FOUND).type(HTML).entity(Templates.notFound(id).render())
          .build();
    }
    CallPage page = CallPage.of(ExplanationCodec.decode(json.get().getBytes(StandardCharsets.UTF_8)),
        limits.run(Kind.SIMILAR, () -> repository.findSimilar(found.key(), config.similarCandidates(),
            config.similarShown())));
    Reviews reviews = new Reviews(verdicts.ofCall(found.key()), Links.callVerdictsForm(found.key()));
    return Response.ok(Templates.call(page, reviews).render(), HTML).build();
  }

  /**
   * The call page's verdict form: appends the key's verdict (sentence selects {@code sentence_<number>}, 1-based)
   * and sends the browser back to the page. The page's cookie authorises it only from the store's own pages
   * ({@link BearerAuthFilter}); the CSP lets forms post nowhere else.
   */
  @POST
  @Path("calls/{id}/verdicts")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @ReviewerOnly
  @CookieForm
  public Response addVerdict(@PathParam("id") String id, @QueryParam("tenant") String tenant,
      MultivaluedMap<String, String> form) throws SQLException {
    ReviewerVerdict verdict = ReviewerVerdict.ofForm(form);
    try {
      verdict.validate();
    } catch (CallQuery.InvalidParameterException e) {
      return Response.status(Response.Status.BAD_REQUEST).type(MediaType.TEXT_PLAIN)
          .entity(e.getMessage()).build();
    }
    CallLookup.Lookup found = lookup.resolve(id, tenant);
    if (!found.found() || verdicts.add(found.key(), caller.name(), verdict).isEmpty()) {
      return Response.status(Response.Status.NOT_FOUND).type(HTML).entity(Templates.notFound(id).render()).build();
    }
    return Response.status(Response.Status.SEE_OTHER).header(HttpHeaders.LOCATION, Links.callPage(found.key()))
        .build();
  }
}
