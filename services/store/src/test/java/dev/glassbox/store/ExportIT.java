package dev.glassbox.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.core.call.Call;
import dev.glassbox.core.call.CallCodec;
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

/** {@code GET /api/export}: admins get NDJSON call v1 lines labelled by verdicts, bound admins their tenant, audited. */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = true)
class ExportIT {

  static final String ADMIN = ReviewerVerdictsIT.ADMIN;
  static final String GLOBEX_ADMIN = ReviewerVerdictsIT.GLOBEX_ADMIN;
  static final String WINDOW = "/api/export?app=support-bot&since=2026-10-01T00:00:00Z&until=2026-10-02T00:00:00Z";

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TestHTTPResource("/")
  URL root;

  @Inject
  ExplanationRepository repository;

  @Inject
  ExpensiveReads limits;

  @BeforeEach
  void storeCallsOfThreeTenantsAndAVerdict() throws Exception {
    repository.writeExplanations(List.of(Explanations.full("x-1", "2026-10-01T10:00:00Z", "acme"),
        Explanations.full("x-2", "2026-10-01T11:00:00Z", "acme"),
        Explanations.full("x-g", "2026-10-01T12:00:00Z", "globex"),
        Explanations.bare("x-d", "2026-10-01T13:00:00Z", "support-bot", "Fine."),
        Explanations.full("x-late", "2026-10-03T00:00:00Z", "acme")));
    HttpResponse<String> posted = send("/api/calls/x-1/verdicts?tenant=acme", ReviewerVerdictsIT.REVIEWER,
        "{\"verdict\": \"hallucinated\"}");
    assertEquals(201, posted.statusCode(), posted.body());
  }

  private HttpResponse<String> send(String path, String authorization, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(root.toURI().resolve(path)).header("Authorization", authorization);
    if (body != null) b.POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The export's lines, each checked to be a call v1 the call reader accepts. */
  private List<JsonNode> export(String query, String authorization) throws Exception {
    return exportOf(WINDOW + query, authorization);
  }

  private List<JsonNode> exportOf(String path, String authorization) throws Exception {
    HttpResponse<String> r = send(path, authorization, null);
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(ExportResource.NDJSON, r.headers().firstValue("Content-Type").orElseThrow());
    List<JsonNode> lines = new ArrayList<>();
    for (String line : r.body().split("\n")) {
      if (line.isEmpty()) continue;
      assertEquals(List.of(), new CallCodec().decode(line).errors(), line);
      lines.add(Json.readTree(line));
    }
    return lines;
  }

  private static List<String> ids(List<JsonNode> lines) {
    return lines.stream().map(n -> n.get("id").asText()).toList();
  }

  @Test
  void anAdminGetsTheWindowsCallsAsCallV1LabelledByTheLatestVerdict() throws Exception {
    List<JsonNode> all = export("", ADMIN);
    assertEquals(List.of("x-1", "x-2", "x-g", "x-d"), ids(all));
    Call first = new CallCodec().decode(all.get(0).toString()).call();
    assertEquals(true, first.labels().get("hallucinated"));
    assertEquals("acme", first.tenant());
    assertEquals("The Eiffel Tower is in Paris. Bananas grow on volcanic moons.", first.response());
    assertFalse(all.get(1).get("labels").has("hallucinated"), "no verdict, no label");
    assertEquals("hallucinated", all.get(0).at("/glassbox/verdicts/0/verdict").asText());
    assertEquals("x-1", all.get(0).at("/glassbox/explanation/call_id").asText());
  }

  @Test
  void aReviewersSentenceVerdictByIndexBecomesASentenceLabelWithTheExplainedOffsets() throws Exception {
    // A day of its own, so this verdict stays out of the other tests' window.
    repository.writeExplanations(List.of(Explanations.full("x-s", "2026-10-05T10:00:00Z", "acme")));
    assertEquals(201, send("/api/calls/x-s/verdicts?tenant=acme", ReviewerVerdictsIT.REVIEWER,
        "{\"verdict\": \"hallucinated\", \"sentences\": [{\"index\": 1, \"verdict\": \"hallucinated\"}]}")
        .statusCode());
    JsonNode xs = exportOf(WINDOW.replace("10-01", "10-05").replace("10-02", "10-06"), ADMIN).get(0);
    JsonNode explained = xs.at("/glassbox/explanation/hallucination/sentences/1");
    JsonNode label = xs.at("/labels/sentences/0");
    assertEquals(explained.get("start").asInt(), label.get("start").asInt(), xs.toString());
    assertEquals(explained.get("end").asInt(), label.get("end").asInt());
    assertTrue(label.get("hallucinated").asBoolean());
    assertEquals("Bananas grow on volcanic moons.", xs.get("response").asText().substring(label.get("start").asInt(),
        label.get("end").asInt()).strip());
  }

  @Test
  void readersAndReviewersMayNotExportAndAMissingAppIsRefused() throws Exception {
    assertEquals(403, send(WINDOW, ReviewerVerdictsIT.READER, null).statusCode());
    assertEquals(403, send(WINDOW, ReviewerVerdictsIT.REVIEWER, null).statusCode());
    assertEquals(400, send("/api/export?since=2026-10-01T00:00:00Z&until=2026-10-02T00:00:00Z", ADMIN, null)
        .statusCode());
  }

  @Test
  void filtersNarrowByTenantFlagAndReview() throws Exception {
    assertEquals(List.of("x-1", "x-2"), ids(export("&tenant=acme", ADMIN)));
    assertEquals(List.of("x-1"), ids(export("&reviewed=true", ADMIN)));
    List<String> flagged = ids(export("&flagged=true", ADMIN));
    List<String> expected = export("", ADMIN).stream()
        .filter(n -> n.at("/glassbox/explanation/hallucination/flagged").asBoolean()).map(n -> n.get("id").asText())
        .toList();
    assertEquals(expected, flagged);
    assertTrue(flagged.contains("x-1") && !flagged.contains("x-d"), flagged.toString());
  }

  @Test
  void anAdminBoundToATenantExportsOnlyThatTenantAndEveryExportIsAudited() throws Exception {
    assertEquals(List.of("x-g"), ids(export("", GLOBEX_ADMIN)));
    assertEquals(List.of(), ids(export("&tenant=acme", GLOBEX_ADMIN)));
    JsonNode audit = Json.readTree(send("/api/audit?action=export", GLOBEX_ADMIN, null).body());
    assertTrue(audit.get("count").asInt() >= 1, audit.toString());
    JsonNode row = audit.get("entries").get(0);
    assertEquals("test-globex-admin", row.get("actor").asText());
    assertEquals("globex", row.get("tenant").asText());
    assertEquals("support-bot", row.get("target").asText());
  }

  @Test
  void anExportWhileAnotherStreamsIsRefusedWith429AndRetryAfterAndServedOnceItEnds() throws Exception {
    HttpResponse<String> refused;
    try (ExpensiveReads.Permit streaming = limits.permit(ExpensiveReads.Kind.EXPORT)) {
      refused = send(WINDOW, ADMIN, null);
    }
    assertEquals(429, refused.statusCode(), refused.body());
    assertEquals("1", refused.headers().firstValue("Retry-After").orElseThrow());
    assertTrue(refused.body().contains("too many export reads"), refused.body());
    assertEquals(List.of("x-1", "x-2", "x-g", "x-d"), ids(exportOf(WINDOW, ADMIN)));
    assertEquals(List.of("x-1", "x-2", "x-g", "x-d"), ids(exportOf(WINDOW, ADMIN)), "the finished export gave its permit back");
  }
}
