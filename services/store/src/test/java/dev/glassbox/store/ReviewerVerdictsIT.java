package dev.glassbox.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.core.json.Json;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reviewers post verdicts, readers cannot, tenant-bound keys stay in their tenant, admins read the audit log. */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = true)
class ReviewerVerdictsIT {

  static final String REVIEWER = "Bearer test-reviewer-token-001";
  static final String ACME_REVIEWER = "Bearer test-acme-reviewer-token";
  static final String READER = "Bearer " + AccessIT.READER;
  static final String ADMIN = "Bearer " + AccessIT.ADMIN;
  static final String GLOBEX_ADMIN = "Bearer " + AccessIT.GLOBEX_ADMIN;

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String CORRECT = """
      {"verdict": "correct", "sentences": [{"index": 1, "verdict": "hallucinated"}], "note": "second sentence is off"}
      """;

  @TestHTTPResource("/")
  URL root;

  @Inject
  ExplanationRepository repository;

  @BeforeEach
  void storeCalls() throws Exception {
    repository.writeExplanations(List.of(Explanations.full("v-1", "2026-11-28T12:00:00Z", "acme"),
        Explanations.full("v-g", "2026-11-28T12:00:00Z", "globex")));
  }

  private HttpResponse<String> send(String method, String path, String authorization, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(root.toURI().resolve(path)).method(method,
        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) b.header("Content-Type", "application/json");
    if (authorization != null) b.header("Authorization", authorization);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aReviewerPostsAVerdictNamedAfterItsKeyAndAReaderMayNot() throws Exception {
    assertEquals(401, send("POST", "/api/calls/v-1/verdicts", null, CORRECT).statusCode());
    assertEquals(403, send("POST", "/api/calls/v-1/verdicts", READER, CORRECT).statusCode());
    HttpResponse<String> posted = send("POST", "/api/calls/v-1/verdicts", REVIEWER, CORRECT);
    assertEquals(201, posted.statusCode(), posted.body());
    JsonNode v = Json.readTree(posted.body());
    assertEquals("test-reviewer", v.get("reviewer").asText());
    assertEquals("acme", v.get("tenant").asText());
    assertEquals(1, v.get("sentences").get(0).get("index").asInt());
    assertEquals(400, send("POST", "/api/calls/v-1/verdicts", REVIEWER, "{\"verdict\": \"maybe\"}").statusCode());
    assertEquals(400, send("POST", "/api/calls/v-1/verdicts", REVIEWER,
        "{\"verdict\": \"unsure\", \"sentences\": [{\"verdict\": \"correct\"}]}").statusCode());
    assertEquals(404, send("POST", "/api/calls/nope/verdicts", REVIEWER, CORRECT).statusCode());

    JsonNode mine = Json.readTree(send("GET", "/api/verdicts?reviewer=test-reviewer&verdict=correct", READER, null)
        .body());
    assertTrue(mine.get("count").asInt() >= 1, mine.toString());
    mine.get("verdicts").forEach(x -> assertEquals("test-reviewer", x.get("reviewer").asText()));
  }

  @Test
  void aKeyBoundToATenantReviewsAndListsOnlyThatTenant() throws Exception {
    assertEquals(404, send("POST", "/api/calls/v-g/verdicts", ACME_REVIEWER, CORRECT).statusCode());
    assertEquals(404, send("POST", "/api/calls/v-1/verdicts?tenant=globex", ACME_REVIEWER, CORRECT).statusCode());
    assertEquals(201, send("POST", "/api/calls/v-1/verdicts", ACME_REVIEWER, CORRECT).statusCode());
    assertEquals(201, send("POST", "/api/calls/v-g/verdicts?tenant=globex", REVIEWER, CORRECT).statusCode());
    JsonNode acme = Json.readTree(send("GET", "/api/verdicts", ACME_REVIEWER, null).body());
    assertTrue(acme.get("count").asInt() >= 1);
    acme.get("verdicts").forEach(x -> assertEquals("acme", x.get("tenant").asText(), acme.toString()));
    assertEquals(0, Json.readTree(send("GET", "/api/verdicts?tenant=globex", ACME_REVIEWER, null).body())
        .get("count").asInt());
  }

  /** A call of the flag-quality app, flagged or not by the threshold it is explained with. */
  private static dev.glassbox.core.explanation.Explanation flagQualityCall(String id, boolean flagged) {
    return Explanations.explain("""
        {"id": "%s", "timestamp": "2026-11-28T12:00:00Z", "app": "flag-quality-bot", "model": "m-1", "tenant": "acme",
         "prompt": "Where is the Eiffel Tower?", "response": "The Eiffel Tower is in Rome.",
         "context": [{"id": "kb-17", "text": "The Eiffel Tower is in Paris."}]}
        """.formatted(id), new dev.glassbox.core.explain.ExplainerSettings(flagged ? 0.0 : 1.01, false));
  }

  @Test
  void flagQualityCountsEachCallsLatestVerdictWithWilsonIntervals() throws Exception {
    repository.writeExplanations(List.of(flagQualityCall("fq-1", true), flagQualityCall("fq-2", true),
        flagQualityCall("fq-3", false), flagQualityCall("fq-4", false)));
    String hallucinated = "{\"verdict\": \"hallucinated\"}", correct = "{\"verdict\": \"correct\"}";
    assertEquals(201, send("POST", "/api/calls/fq-1/verdicts", REVIEWER, correct).statusCode());
    assertEquals(201, send("POST", "/api/calls/fq-1/verdicts", REVIEWER, hallucinated).statusCode());
    assertEquals(201, send("POST", "/api/calls/fq-2/verdicts", REVIEWER, correct).statusCode());
    assertEquals(201, send("POST", "/api/calls/fq-3/verdicts", REVIEWER, hallucinated).statusCode());
    assertEquals(201, send("POST", "/api/calls/fq-4/verdicts", REVIEWER, "{\"verdict\": \"unsure\"}").statusCode());

    HttpResponse<String> got = send("GET", "/api/flag-quality?app=flag-quality-bot&since=2026-01-01T00:00:00Z", READER, null);
    assertEquals(200, got.statusCode(), got.body());
    JsonNode groups = Json.readTree(got.body()).get("groups");
    assertEquals(1, groups.size(), groups.toString());
    JsonNode g = groups.get(0);
    assertEquals(3, g.get("verdicts").asInt(), "the unsure verdict is left out");
    assertEquals(List.of(1, 1, 1, 0), List.of(g.get("true_positives").asInt(), g.get("false_positives").asInt(),
        g.get("false_negatives").asInt(), g.get("true_negatives").asInt()));
    assertEquals(0.5, g.get("precision").get("estimate").asDouble(), 1e-12);
    assertEquals(dev.glassbox.core.eval.Wilson.of(1, 2).low(), g.get("precision").get("low").asDouble(), 1e-12);
    assertEquals(2, g.get("recall").get("n").asInt());
    assertTrue(g.get("scoring_model").asText().startsWith("global:"), g.toString());
    assertEquals(0, Json.readTree(send("GET", "/api/flag-quality?app=flag-quality-bot&since=2999-01-01T00:00:00Z",
        READER, null).body()).get("groups").size(), "no verdict was given after since");
    assertEquals(0, Json.readTree(send("GET", "/api/flag-quality?app=flag-quality-bot&tenant=globex", ACME_REVIEWER,
        null).body()).get("groups").size());
    assertEquals(400, send("GET", "/api/flag-quality?since=yesterday", READER, null).statusCode());
  }

  @Test
  void onlyAdminsReadTheAuditLogAndABoundAdminOnlyItsTenantsRows() throws Exception {
    assertEquals(201, send("POST", "/api/calls/v-1/verdicts", REVIEWER, CORRECT).statusCode());
    assertEquals(403, send("GET", "/api/audit", READER, null).statusCode());
    assertEquals(403, send("GET", "/api/audit", REVIEWER, null).statusCode());
    JsonNode all = Json.readTree(send("GET", "/api/audit?action=verdict", ADMIN, null).body());
    assertTrue(all.get("count").asInt() >= 1, all.toString());
    assertEquals("test-reviewer", all.get("entries").get(0).get("actor").asText());
    JsonNode globex = Json.readTree(send("GET", "/api/audit", GLOBEX_ADMIN, null).body());
    globex.get("entries").forEach(e -> assertEquals("globex", e.get("tenant").asText(), globex.toString()));
  }

  private HttpResponse<String> postForm(String path, String cookieToken, String site, String form) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(root.toURI().resolve(path))
        .POST(HttpRequest.BodyPublishers.ofString(form)).header("Content-Type", "application/x-www-form-urlencoded")
        .header("Cookie", BearerAuthFilter.COOKIE + "=" + cookieToken);
    if (site != null) b.header("Sec-Fetch-Site", site);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void thePageShowsProvenanceAndVerdictsAndItsFormAddsOneFromTheSameOriginOnly() throws Exception {
    String form = "verdict=hallucinated&sentence_2=hallucinated&sentence_1=&note=moons+are+not+farms";
    String path = "/calls/v-1/verdicts?tenant=acme";
    assertEquals(401, postForm(path, "test-reviewer-token-001", "cross-site", form).statusCode());
    assertEquals(401, postForm(path, "test-reviewer-token-001", null, form).statusCode(), "no origin said");
    assertEquals(403, postForm(path, AccessIT.READER, "same-origin", form).statusCode());
    HttpResponse<String> posted = postForm(path, "test-reviewer-token-001", "same-origin", form);
    assertEquals(303, posted.statusCode(), posted.body());
    assertEquals("/calls/v-1?tenant=acme", posted.headers().firstValue("Location").orElseThrow());

    String page = send("GET", "/calls/v-1?tenant=acme", READER, null).body();
    assertTrue(page.contains("<h2>Provenance</h2>") && page.contains("Hallucination model"), page);
    assertTrue(page.contains("moons are not farms"), "the verdict's note is shown");
    assertTrue(page.contains("action=\"/calls/v-1/verdicts?tenant=acme\""), "the form posts to the page endpoint");
    JsonNode stored = Json.readTree(send("GET", "/api/calls/v-1/verdicts", READER, null).body()).get("verdicts").get(0);
    assertEquals("hallucinated", stored.get("verdict").asText());
    assertEquals(1, stored.get("sentences").get(0).get("index").asInt(), "sentence 2 of the page is index 1");
    assertEquals(1, stored.get("sentences").size(), "a sentence left without a verdict is not stored");
  }

  @Test
  void theHistoryServesTheLatestExplanationAndTheOnesItReplaced() throws Exception {
    repository.writeExplanations(List.of(Explanations.full("v-h", "2026-11-28T12:00:00Z", "acme")));
    repository.writeExplanations(List.of(Explanations.full("v-h", "2026-11-28T12:00:00Z", "acme")));
    JsonNode h = Json.readTree(send("GET", "/api/calls/v-h/history", READER, null).body());
    assertTrue(h.get("latest").get("provenance").hasNonNull("explained_at"), h.toString());
    assertTrue(h.get("replaced").size() >= 1, "each explanation is stamped anew, so re-explaining replaces one");
    assertTrue(h.get("replaced").get(0).get("explanation").has("provenance"), h.toString());
    assertEquals(404, send("GET", "/api/calls/v-g/history", ACME_REVIEWER, null).statusCode());
  }
}
