package dev.glassbox.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bearer tokens on the REST API and pages of the running store: 401 without a valid key, 403 for a reader's delete. */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = true)
class AccessIT {

  /** The test profile's keys (application.properties). */
  static final String READER = "test-reader-token-0001";
  static final String ADMIN = "test-admin-token-00001";
  /** A reader bound to tenant acme, and an admin bound to tenant globex. */
  static final String ACME_READER = "test-acme-reader-token";
  static final String GLOBEX_ADMIN = "test-globex-admin-token";

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TestHTTPResource("/")
  URL root;

  @Inject
  ExplanationRepository repository;

  @BeforeEach
  void storeACall() throws Exception {
    repository.writeExplanations(List.of(Explanations.full("c-1", "2026-11-28T12:00:00Z")));
  }

  private HttpResponse<String> send(String method, String path, String authorization, String cookie)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(root.toURI().resolve(path))
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (authorization != null) b.header("Authorization", authorization);
    if (cookie != null) b.header("Cookie", cookie);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aKeyBoundToATenantSeesAndDeletesOnlyThatTenantsCalls() throws Exception {
    // c-1 is acme's; another tenant's call, also named c-1, and one of its own name.
    repository.writeExplanations(List.of(Explanations.full("c-1", "2026-11-28T12:00:00Z", "globex"),
        Explanations.full("g-only", "2026-11-28T12:00:00Z", "globex")));
    String acme = "Bearer " + ACME_READER;
    HttpResponse<String> own = send("GET", "/api/calls/c-1", acme, null);
    assertEquals(200, own.statusCode(), own.body());
    assertEquals("acme", Json.readTree(own.body()).get("tenant").asText(), "no 409: the key names its tenant");
    assertEquals(404, send("GET", "/api/calls/g-only", acme, null).statusCode());
    assertEquals(404, send("GET", "/api/calls/c-1?tenant=globex", acme, null).statusCode());
    assertEquals(404, send("GET", "/calls/g-only", acme, null).statusCode());
    assertEquals(404, send("GET", "/api/calls/g-only/similar", acme, null).statusCode());
    JsonNode list = Json.readTree(send("GET", "/api/calls", acme, null).body());
    list.get("calls").forEach(c -> assertEquals("acme", c.get("tenant").asText(), list.toString()));
    assertEquals(0, Json.readTree(send("GET", "/api/calls?tenant=globex", acme, null).body()).get("count").asInt());
    JsonNode stats = Json.readTree(send("GET", "/api/stats", acme, null).body());
    assertEquals(1, stats.get("calls").asInt(), stats.toString());
    assertEquals(409, send("GET", "/api/calls/c-1", "Bearer " + READER, null).statusCode(), "a key of every tenant");

    String globex = "Bearer " + GLOBEX_ADMIN;
    assertEquals(403, send("POST", "/api/admin/retention", globex, null).statusCode());
    assertEquals(204, send("DELETE", "/api/calls/g-only", globex, null).statusCode());
    assertEquals(404, send("DELETE", "/api/calls/c-1?tenant=acme", globex, null).statusCode(), "acme's is not its own");
    assertEquals(200, send("GET", "/api/calls/c-1?tenant=acme", "Bearer " + READER, null).statusCode());
    assertEquals(204, send("DELETE", "/api/calls/c-1", globex, null).statusCode(), "its own c-1, unambiguously");
  }

  @Test
  void everyEndpointAndPageWithoutATokenIsA401AskingForABearerToken() throws Exception {
    for (String path : List.of("/api/calls/c-1", "/api/calls", "/api/stats", "/api/drift", "/calls/c-1", "/")) {
      HttpResponse<String> r = send("GET", path, null, null);
      assertEquals(401, r.statusCode(), path);
      assertEquals("Bearer realm=\"glassbox\"", r.headers().firstValue("WWW-Authenticate").orElse(""), path);
      assertFalse(r.body().contains("Eiffel"), path + " leaked data: " + r.body());
    }
    assertEquals(401, send("DELETE", "/api/calls/c-1", null, null).statusCode());
    assertEquals(401, send("POST", "/api/admin/retention", null, null).statusCode());
  }

  @Test
  void aWrongOrMalformedTokenIsA401() throws Exception {
    for (String auth : List.of("Bearer " + READER + "x", "Bearer test-reader-token-000", "Bearer ", "Basic "
        + READER, READER)) {
      HttpResponse<String> r = send("GET", "/api/calls/c-1", auth, null);
      assertEquals(401, r.statusCode(), auth);
      assertTrue(Json.readTree(r.body()).get("error").asText().contains("access key"), r.body());
    }
  }

  @Test
  void aReaderReadsButMayNotDeleteOrRunRetention() throws Exception {
    assertEquals(200, send("GET", "/api/calls/c-1", "Bearer " + READER, null).statusCode());
    assertEquals(200, send("GET", "/calls/c-1", "bearer " + READER, null).statusCode());
    HttpResponse<String> delete = send("DELETE", "/api/calls/c-1", "Bearer " + READER, null);
    assertEquals(403, delete.statusCode());
    assertTrue(delete.body().contains("test-reader"), delete.body());
    assertFalse(delete.body().contains(READER), "the error never echoes a token");
    assertEquals(403, send("POST", "/api/admin/retention", "Bearer " + READER, null).statusCode());
    assertEquals(200, send("GET", "/api/calls/c-1", "Bearer " + READER, null).statusCode(), "still stored");
  }

  @Test
  void anAdminReadsDeletesAndRunsRetention() throws Exception {
    assertEquals(200, send("GET", "/api/stats", "Bearer " + ADMIN, null).statusCode());
    HttpResponse<String> run = send("POST", "/api/admin/retention", "Bearer " + ADMIN, null);
    assertEquals(200, run.statusCode(), run.body());
    JsonNode deleted = Json.readTree(run.body()).get("deleted");
    assertEquals(0, deleted.get("calls").asInt(), "a call of 2026-11-28 is not old: " + run.body());
    // A call of its own: a deleted call leaves a tombstone, so c-1 could not be stored again for the other tests.
    repository.writeExplanations(List.of(Explanations.full("c-delete", "2026-11-28T12:00:00Z")));
    assertEquals(204, send("DELETE", "/api/calls/c-delete", "Bearer " + ADMIN, null).statusCode());
    assertEquals(404, send("GET", "/api/calls/c-delete", "Bearer " + ADMIN, null).statusCode());
    assertEquals(404, send("DELETE", "/api/calls/c-delete", "Bearer " + ADMIN, null).statusCode());
  }

  @Test
  void aBrowserPassesTheTokenOnceToAPageIsRedirectedWithoutItAndItsCookieOpensLaterPagesButNeverDeletes()
      throws Exception {
    HttpResponse<String> first = send("GET", "/calls/c-1?x=1&access_token=" + READER, null, null);
    assertEquals(303, first.statusCode());
    assertEquals("/calls/c-1?x=1", first.headers().firstValue("Location").orElse(""), "the token leaves the address");
    String setCookie = first.headers().firstValue("Set-Cookie").orElse("");
    assertTrue(setCookie.startsWith(BearerAuthFilter.COOKIE + "=" + READER), setCookie);
    assertTrue(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"), setCookie);
    assertTrue(setCookie.contains("Max-Age=28800"), "the cookie expires: " + setCookie);
    assertFalse(setCookie.contains("Secure"), "plain HTTP: " + setCookie);
    String cookie = BearerAuthFilter.COOKIE + "=" + READER;
    assertEquals(200, send("GET", "/calls/c-1", null, cookie).statusCode());

    String adminCookie = BearerAuthFilter.COOKIE + "=" + ADMIN;
    assertEquals(401, send("DELETE", "/api/calls/c-1", null, adminCookie).statusCode(), "cookies only open GETs");
    assertEquals(401, send("DELETE", "/api/calls/c-1?access_token=" + ADMIN, null, null).statusCode());
    HttpResponse<String> wrong = send("GET", "/?access_token=nope-nope-nope-nope", null, null);
    assertEquals(401, wrong.statusCode());
    assertTrue(wrong.headers().firstValue("Set-Cookie").isEmpty(), "no cookie for a wrong token");
  }

  @Test
  void theApiRefusesATokenInTheAddressAndSaysToUseTheHeader() throws Exception {
    for (String path : List.of("/api/calls?access_token=" + READER, "/api/calls/c-1?access_token=" + READER)) {
      HttpResponse<String> r = send("GET", path, null, BearerAuthFilter.COOKIE + "=" + READER);
      assertEquals(401, r.statusCode(), path);
      assertTrue(r.body().contains("Authorization"), r.body());
    }
  }

  @Test
  void theCookieIsSecureWhenTheRequestCameOverTls() throws Exception {
    HttpRequest viaTls = HttpRequest.newBuilder(root.toURI().resolve("/?access_token=" + READER))
        .header("X-Forwarded-Proto", "https").GET().build();
    HttpResponse<String> r = HTTP.send(viaTls, HttpResponse.BodyHandlers.ofString());
    assertEquals(303, r.statusCode());
    assertEquals("/", r.headers().firstValue("Location").orElse(""));
    assertTrue(r.headers().firstValue("Set-Cookie").orElse("").contains("Secure"), r.headers().map().toString());
  }

  /** The store reads no request body and does not inflate one, so a broken gzip body cannot cost the connection. */
  @Test
  void aBrokenGzipBodyIsAnsweredNotDropped() throws Exception {
    HttpRequest broken = HttpRequest.newBuilder(root.toURI().resolve("/api/admin/retention"))
        .header("Authorization", "Bearer " + ADMIN).header("Content-Encoding", "gzip")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3})).build();
    HttpResponse<String> r = HTTP.send(broken, HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
  }

  @Test
  void healthAndMetricsNeedNoToken() throws Exception {
    assertEquals(200, send("GET", "/q/health/ready", null, null).statusCode());
    assertEquals(200, send("GET", "/q/metrics", null, null).statusCode());
  }
}
