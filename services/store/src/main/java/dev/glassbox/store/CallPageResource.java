package dev.glassbox.store;

import dev.glassbox.core.call.CallKey;
import dev.glassbox.core.explanation.ExplanationCodec;
import dev.glassbox.store.ExpensiveReads.Kind;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
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

    static native TemplateInstance call(CallPage page);

    static native TemplateInstance notFound(String callId);

    static native TemplateInstance ambiguous(String callId, List<TenantLink> tenants);
  }

  /** A link to one tenant's call on the page that asks which tenant's call was meant. */
  public record TenantLink(String tenant, String url) {
  }

  private final ExplanationRepository repository;
  private final CallLookup lookup;
  private final CallerTenant caller;
  private final StoreConfig config;
  private final ExpensiveReads limits;

  public CallPageResource(ExplanationRepository repository, CallLookup lookup, CallerTenant caller,
      StoreConfig config, ExpensiveReads limits) {
    this.repository = repository;
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
    return Response.ok(Templates.call(page).render(), HTML).build();
  }
}
