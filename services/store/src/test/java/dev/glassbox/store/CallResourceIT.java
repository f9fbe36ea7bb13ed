package dev.glassbox.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.core.call.CallKey;
import dev.glassbox.core.explanation.Explanation;
import dev.glassbox.core.json.Json;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST API and the HTML pages over rows written through the repository, with a real PostgreSQL. */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = true)
class CallResourceIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TestHTTPResource("/")
  URL root;

  @Inject
  ExplanationRepository repository;

  private Explanation risky;

  /** Status, content type and body of a GET. */
  private record Reply(int status, String type, String body) {
    JsonNode json() throws Exception {
      return Json.readTree(body);
    }
  }

  private Reply get(String pathAndQuery) throws Exception {
    HttpResponse<String> r = exchange(pathAndQuery);
    return new Reply(r.statusCode(), r.headers().firstValue("content-type").orElse(""), r.body());
  }

  private HttpResponse<String> exchange(String pathAndQuery) throws Exception {
    URI uri = root.toURI().resolve(pathAndQuery);
    return HTTP.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + AccessIT.READER)
        .GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  @BeforeEach
  void storeSomeCalls() throws Exception {
    risky = Explanations.full("c-1", "2026-11-28T12:00:00Z");
    repository.writeExplanations(List.of(risky,
        Explanations.bare("c-2", "2026-11-28T12:05:00Z", "search", "<script>alert(1)</script> is not run."),
        Explanations.bare("a/b c", "2026-11-28T11:00:00Z", "search", "An id with a slash.")));
  }

  @Test
  void anIdHeldByTwoTenantsNeedsTheTenantAndEachTenantsCallIsItsOwn() throws Exception {
    repository.writeExplanations(List.of(Explanations.full("shared-1", "2026-11-28T12:00:00Z", "a"),
        Explanations.bare("shared-1", "2026-11-28T12:30:00Z", "search", "Tenant default's own call.")));
    Reply ambiguous = get("/api/calls/shared-1");
    assertEquals(409, ambiguous.status());
    assertEquals("[\"a\",\"default\"]", ambiguous.json().get("tenants").toString());
    assertEquals("tenant", ambiguous.json().get("field").asText());
    assertEquals(409, get("/api/calls/shared-1/similar").status());
    Reply page = get("/calls/shared-1");
    assertEquals(409, page.status());
    assertTrue(page.body().contains("href=\"/calls/shared-1?tenant=a\""), page.body());

    assertEquals("a", get("/api/calls/shared-1?tenant=a").json().get("tenant").asText());
    assertEquals("2026-11-28T12:30:00Z", get("/api/calls/shared-1?tenant=default").json().get("timestamp").asText());
    assertEquals(200, get("/calls/shared-1?tenant=a").status());
    assertEquals(404, get("/api/calls/shared-1?tenant=nobody").status());

    assertEquals(409, delete("/api/calls/shared-1").statusCode());
    assertEquals(204, delete("/api/calls/shared-1?tenant=a").statusCode());
    assertEquals("default", get("/api/calls/shared-1").json().get("tenant").asText(), "one tenant left: no ambiguity");
    assertEquals(204, delete("/api/calls/shared-1").statusCode(), "the other tests see only their own calls");
  }

  private HttpResponse<String> delete(String pathAndQuery) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(root.toURI().resolve(pathAndQuery))
        .header("Authorization", "Bearer " + AccessIT.ADMIN).DELETE().build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void oneCallIsItsStoredExplanationJson() throws Exception {
    Reply r = get("/api/calls/c-1");
    assertEquals(200, r.status());
    assertTrue(r.type().startsWith("application/json"), r.type());
    assertEquals(Json.readTree(Json.string(risky)), r.json());
  }

  @Test
  void anUnknownCallIsA404ThatNamesIt() throws Exception {
    Reply r = get("/api/calls/nope");
    assertEquals(404, r.status());
    assertEquals("nope", r.json().get("call_id").asText());
    assertFalse(r.json().get("error").asText().isBlank());
  }

  @Test
  void theListIsNewestFirstFilteredAndLinksToPages() throws Exception {
    JsonNode all = get("/api/calls").json();
    assertEquals(3, all.get("count").asInt());
    assertEquals("c-2", all.get("calls").get(0).get("call_id").asText());
    JsonNode first = all.get("calls").get(0);
    for (String field : List.of("app", "model", "tenant", "timestamp", "hallucination_score", "flagged",
        "grounding_score", "uncertainty_score", "summary", "url")) {
      assertTrue(first.has(field), field);
    }
    assertEquals("/calls/c-2?tenant=default", first.get("url").asText());

    JsonNode search = get("/api/calls?app=search&from=2026-11-28T11:30:00Z&limit=10").json();
    assertEquals(1, search.get("count").asInt());
    assertEquals("c-2", search.get("calls").get(0).get("call_id").asText());
  }

  @Test
  void unusableParametersAreA400NamingTheField() throws Exception {
    Reply r = get("/api/calls?from=yesterday");
    assertEquals(400, r.status());
    assertEquals("from", r.json().get("field").asText());
    assertEquals("limit", get("/api/calls?limit=5000").json().get("field").asText());
  }

  @Test
  void statsCountCallsAndRankTheLeastGrounded() throws Exception {
    JsonNode stats = get("/api/stats").json();
    assertEquals(3, stats.get("calls").asInt());
    assertTrue(stats.has("flagged"));
    // Only c-1 logged a source; the bare calls have no grounding, so they are not ranked by it.
    JsonNode least = stats.get("least_grounded");
    assertEquals(1, least.size());
    assertEquals("c-1", least.get(0).get("call_id").asText());
    assertTrue(least.get(0).get("url").asText().startsWith("/calls/"));
  }

  @Test
  void thePageShadesSentencesAndTokensAndEscapesUserText() throws Exception {
    Reply page = get("/calls/c-1");
    assertEquals(200, page.status());
    assertTrue(page.type().startsWith("text/html"), page.type());
    assertTrue(page.body().contains("<span class=\"sentence\" data-score=\""), page.body());
    assertTrue(page.body().contains("<span class=\"token\""));
    assertTrue(page.body().contains("context:kb-17"));
    assertTrue(page.body().contains("Answer from the context."));

    Reply hostile = get("/calls/c-2");
    assertFalse(hostile.body().contains("<script>alert(1)</script>"));
    assertTrue(hostile.body().contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
  }

  @Test
  void similarCallsAreEarlierCallsOfTheSameAppMostAlikeFirst() throws Exception {
    repository.writeExplanations(List.of(
        Explanations.bare("c-3", "2026-11-28T12:10:00Z", "search", "An id with a slash, again."),
        Explanations.bare("c-4", "2026-11-28T13:00:00Z", "search", "An id with a slash, later."),
        Explanations.bare("c-5", "2026-11-28T12:01:00Z", "other-app", "An id with a slash, again.")));
    JsonNode similar = get("/api/calls/c-3/similar").json().get("similar");
    // Same app only (not c-5), stored before c-3 (not c-4), the closest wording first.
    assertEquals(List.of("a/b c", "c-2"), ids(similar));
    assertTrue(similar.get(0).get("similarity").asDouble() > similar.get(1).get("similarity").asDouble(), similar.toString());
    assertEquals("/calls/a%2Fb%20c?tenant=default", similar.get(0).get("call").get("url").asText());
    assertEquals(1, get("/api/calls/c-3/similar?limit=1").json().get("similar").size());
    assertEquals(400, get("/api/calls/c-3/similar?limit=0").status());
    assertEquals(404, get("/api/calls/nope/similar").status());

    Reply page = get("/calls/c-3");
    assertTrue(page.body().contains("Similar earlier calls"), page.body());
    assertTrue(page.body().contains("href=\"/calls/a%2Fb%20c?tenant=default\""), page.body());
  }

  private static List<String> ids(JsonNode similar) {
    List<String> out = new java.util.ArrayList<>();
    similar.forEach(n -> out.add(n.get("call").get("call_id").asText()));
    return out;
  }

  @Test
  void callIdsWithSlashesAndSpacesWorkThroughTheirLinks() throws Exception {
    JsonNode list = get("/api/calls?limit=3").json();
    String url = list.get("calls").get(2).get("url").asText();
    assertEquals("/calls/a%2Fb%20c?tenant=default", url);
    assertEquals(200, get(url).status());
    assertEquals(200, get(Links.callJson(new CallKey("default", "a/b c"))).status());
  }

  @Test
  void unknownPagesAreA404PageAndTheIndexListsCalls() throws Exception {
    Reply missing = get("/calls/nope");
    assertEquals(404, missing.status());
    assertTrue(missing.type().startsWith("text/html"), missing.type());
    assertTrue(missing.body().contains("nope"));

    Reply index = get("/");
    assertEquals(200, index.status());
    assertTrue(index.body().contains("href=\"/calls/c-1?tenant=acme\""), index.body());
  }

  @Test
  void healthAndMetricsAreServed() throws Exception {
    assertEquals(200, get("/q/health/ready").status());
    assertEquals(200, get("/q/metrics").status());
  }

  @Test
  void aNulInAnyParameterIsA400NamingIt() throws Exception {
    Map<String, String> cases = Map.of("/api/calls/a%00b", "id", "/api/calls/c-1%00/similar", "id",
        "/calls/a%00b", "id", "/api/calls?app=x%00", "app", "/api/calls?search=%00", "search",
        "/api/drift?model=m%00", "model", "/api/calls/c-1/similar?limit=1%00", "limit");
    for (var c : cases.entrySet()) {
      Reply r = get(c.getKey());
      assertEquals(400, r.status(), c.getKey() + ": " + r.body());
      assertEquals(c.getValue(), r.json().get("field").asText(), c.getKey());
      assertTrue(r.json().get("error").asText().contains("NUL"), r.body());
    }
  }

  @Test
  void everyPageAndApiAnswerCarriesTheSecurityHeadersAndUtf8() throws Exception {
    for (String path : List.of("/", "/calls/c-1", "/calls/nope", "/api/calls", "/api/calls/c-1", "/api/calls/nope",
        "/api/stats", "/api/calls?limit=x")) {
      HttpResponse<String> r = exchange(path);
      String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
      assertTrue(csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'none'"), path + ": " + csp);
      assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""), path);
      assertEquals("no-referrer", r.headers().firstValue("Referrer-Policy").orElse(""), path);
      String type = r.headers().firstValue("Content-Type").orElse("").toLowerCase(java.util.Locale.ROOT);
      assertTrue(type.replace(" ", "").contains(";charset=utf-8"), path + ": " + type);
    }
  }

  @Test
  void thePagesHoldNoScriptSoTheCspBlocksNothingTheyNeed() throws Exception {
    for (String path : List.of("/", "/calls/c-1", "/calls/nope")) {
      String body = get(path).body().toLowerCase(java.util.Locale.ROOT);
      assertFalse(body.contains("<script"), path + ": a script the CSP would block");
      assertFalse(java.util.regex.Pattern.compile("\\son[a-z]+=").matcher(body).find(), path + ": an event handler");
    }
  }
}
