package dev.glassbox.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.core.explanation.Explanation;
import dev.glassbox.core.json.Json;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/compare} on real PostgreSQL: two models of one app over a period, counted as the stored
 * explanations and the latest reviewer verdicts say, narrowed to a bound key's tenant, bad parameters refused by name.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = true)
class CompareIT {

  private static final String READER = ReviewerVerdictsIT.READER;
  private static final String ACME_READER = "Bearer " + AccessIT.ACME_READER;
  private static final String PERIOD = "&since=2026-09-01T00:00:00Z&until=2026-09-02T00:00:00Z";
  private static final String MODELS = "/api/compare?app=compare-bot&a=m-old&b=m-new" + PERIOD;
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final List<Explanation> STORED = new ArrayList<>();

  @TestHTTPResource("/")
  URL root;

  @Inject
  ExplanationRepository repository;

  /**
   * Per tenant and model, twelve calls (acme) or four (globex) in the period, the old model answering with an
   * unsupported sentence, the new one from its context; one old call after the period; verdicts on three acme calls.
   */
  @BeforeEach
  void storeTwoModelsOfOneApp() throws Exception {
    if (!STORED.isEmpty()) return;
    for (String tenant : List.of("acme", "globex")) {
      for (int i = 0; i < (tenant.equals("acme") ? 12 : 4); i++) {
        STORED.add(call(tenant + "-old-" + i, "2026-09-01T" + (10 + i) + ":00:00Z", tenant, "m-old", "v1",
            "The Eiffel Tower is in Lyon. It was built of cheese in " + (1900 + i) + "."));
        STORED.add(call(tenant + "-new-" + i, "2026-09-01T" + (10 + i) + ":30:00Z", tenant, "m-new", "v2",
            "The Eiffel Tower is in Paris. It was completed in 1889."));
      }
    }
    STORED.add(call("acme-old-late", "2026-09-03T10:00:00Z", "acme", "m-old", "v1", "The tower is in Lyon."));
    repository.writeExplanations(STORED);
    verdict("acme-old-0", "correct");
    verdict("acme-old-0", "hallucinated"); // the latest verdict counts
    verdict("acme-old-1", "hallucinated");
    verdict("acme-new-0", "correct");
  }

  private static Explanation call(String id, String ts, String tenant, String model, String promptVersion,
      String response) {
    return Explanations.explain("""
        {"id": "%s", "timestamp": "%s", "app": "compare-bot", "model": "%s", "tenant": "%s",
         "prompt": [{"role": "user", "content": "Where is the Eiffel Tower, and when was it finished? (%s)"}],
         "context": [{"id": "kb-17", "text": "The Eiffel Tower is a wrought-iron tower in Paris, completed in 1889."}],
         "response": %s, "attributes": {"prompt_version": "%s"}}
        """.formatted(id, ts, model, tenant, id.replace("-old-", "-").replace("-new-", "-"), Json.string(response),
            promptVersion));
  }

  private void verdict(String id, String verdict) throws Exception {
    HttpResponse<String> r = send("/api/calls/" + id + "/verdicts?tenant=acme", ReviewerVerdictsIT.REVIEWER,
        "{\"verdict\": \"" + verdict + "\"}");
    assertEquals(201, r.statusCode(), r.body());
  }

  private HttpResponse<String> send(String path, String authorization, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(root.toURI().resolve(path)).header("Authorization", authorization);
    if (body != null) b.POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode compare(String path, String authorization) throws Exception {
    HttpResponse<String> r = send(path, authorization, null);
    assertEquals(200, r.statusCode(), r.body());
    return Json.readTree(r.body());
  }

  private static JsonNode metric(JsonNode body, String name) {
    for (JsonNode m : body.get("metrics")) if (m.get("name").asText().equals(name)) return m;
    throw new AssertionError("no metric " + name + " in " + body);
  }

  /** Checkable and flagged counts of the stored calls of one model in the period, of one tenant (null: all). */
  private static long[] counts(String model, String tenant) {
    long checkable = 0, flagged = 0;
    for (Explanation e : STORED) {
      if (!e.model().equals(model) || e.timestamp().startsWith("2026-09-03")) continue;
      if (tenant != null && !tenant.equals(e.tenant())) continue;
      if (e.hallucination().checkable()) checkable++;
      if (e.hallucination().flagged()) flagged++;
    }
    return new long[] {checkable, flagged};
  }

  @Test
  void aReaderComparesTwoModelsAsTheStoredExplanationsAndLatestVerdictsCountThem() throws Exception {
    JsonNode body = compare(MODELS, READER);
    assertEquals("model", body.get("by").asText());
    assertEquals("m-old", body.get("a").asText());
    JsonNode checkable = metric(body, "checkable_share");
    assertEquals(16, checkable.get("a_count").asLong(), "the call after the period is left out");
    assertEquals(16, checkable.get("b_count").asLong());
    JsonNode flagged = metric(body, "flagged_rate");
    long[] old = counts("m-old", null), fresh = counts("m-new", null);
    assertEquals(old[0], flagged.get("a_count").asLong());
    assertEquals((double) old[1] / old[0], flagged.get("a").asDouble(), 1e-12);
    assertEquals((double) fresh[1] / fresh[0], flagged.get("b").asDouble(), 1e-12);
    assertTrue(old[1] > fresh[1], "the unsupported answers are flagged more: " + flagged);
    JsonNode interval = flagged.get("a_interval");
    assertTrue(interval.get("low").asDouble() <= flagged.get("a").asDouble()
        && flagged.get("a").asDouble() <= interval.get("high").asDouble(), flagged.toString());
    assertTrue(flagged.get("adjusted_p_value").asDouble() >= flagged.get("p_value").asDouble());
    JsonNode reviewed = metric(body, "reviewer_confirmed_rate");
    assertEquals(2, reviewed.get("a_count").asLong());
    assertEquals(1.0, reviewed.get("a").asDouble(), 1e-12);
    assertEquals(0.0, reviewed.get("b").asDouble(), 1e-12);
    assertFalse(reviewed.get("note").isNull(), "two verdicts a side are reported, not tested");
    JsonNode prompts = metric(body, "mmd_prompt");
    assertTrue(prompts.get("p_value").isNumber() && !prompts.get("significant").asBoolean(), "one question: " + prompts);
    // Globex's four old answers repeat acme's first four, and the new model gave one answer: each text counts once.
    assertEquals("not tested: 12 and 1 values, fewer than 10 on a side", metric(body, "mmd_response").get("note")
        .asText());
    assertTrue(body.get("verdict").asText().contains("m-new"), body.get("verdict").asText());
  }

  @Test
  void anAttributeComparesItsValuesLikeModels() throws Exception {
    JsonNode body = compare("/api/compare?app=compare-bot&a=v1&b=v2&by=attribute:prompt_version" + PERIOD, READER);
    assertEquals("attribute:prompt_version", body.get("by").asText());
    JsonNode byModel = compare(MODELS, READER);
    for (String m : List.of("flagged_rate", "checkable_share")) {
      assertEquals(metric(byModel, m).get("a").asDouble(), metric(body, m).get("a").asDouble(), 1e-12, m);
      assertEquals(metric(byModel, m).get("b_count").asLong(), metric(body, m).get("b_count").asLong(), m);
    }
  }

  @Test
  void aKeyBoundToATenantComparesOnlyThatTenantsCalls() throws Exception {
    JsonNode acme = compare(MODELS, ACME_READER);
    assertEquals("acme", acme.get("tenant").asText());
    assertEquals(12, metric(acme, "checkable_share").get("a_count").asLong());
    assertEquals(counts("m-old", "acme")[1], Math.round(metric(acme, "flagged_rate").get("a").asDouble()
        * counts("m-old", "acme")[0]));
    JsonNode other = compare(MODELS + "&tenant=globex", ACME_READER);
    assertEquals(0, metric(other, "checkable_share").get("a_count").asLong());
    assertEquals(4, metric(compare(MODELS + "&tenant=globex", READER), "checkable_share").get("a_count").asLong());
  }

  @Test
  void badParametersAreRefusedNamingTheField() throws Exception {
    String[][] cases = {
        {"/api/compare?a=m-old&b=m-new" + PERIOD, "app"},
        {"/api/compare?app=compare-bot&b=m-new" + PERIOD, "a"},
        {"/api/compare?app=compare-bot&a=m-old&b=m-old" + PERIOD, "b"},
        {"/api/compare?app=compare-bot&a=m-old&b=m-new", "since"},
        {"/api/compare?app=compare-bot&a=m-old&b=m-new&since=yesterday", "since"},
        {"/api/compare?app=compare-bot&a=m-old&b=m-new&since=2026-09-02T00:00:00Z&until=2026-09-01T00:00:00Z", "until"},
        {MODELS + "&by=version", "by"},
    };
    for (String[] c : cases) {
      HttpResponse<String> r = send(c[0], READER, null);
      assertEquals(400, r.statusCode(), c[0] + ": " + r.body());
      assertEquals(c[1], Json.readTree(r.body()).get("field").asText(), c[0] + ": " + r.body());
    }
    assertEquals(401, HTTP.send(HttpRequest.newBuilder(root.toURI().resolve(MODELS)).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode());
  }
}
