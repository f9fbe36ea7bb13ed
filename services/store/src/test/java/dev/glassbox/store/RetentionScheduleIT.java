package dev.glassbox.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.core.call.CallKey;
import dev.glassbox.core.testing.Await;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The running store deletes old rows on its own schedule and counts them in {@code glassbox_retention_deleted_total}. */
@QuarkusTest
@TestProfile(RetentionScheduleIT.EverySecond.class)
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = true)
class RetentionScheduleIT {

  /** Retention on, every second, calls kept 30 days. */
  public static class EverySecond implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("glassbox.store.retention.enabled", "true", "glassbox.store.retention.interval", "1s",
          "glassbox.store.retention.initial-delay", "1s", "glassbox.store.retention.calls-days", "30",
          "glassbox.store.retention.batch-size", "2");
    }
  }

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TestHTTPResource("/")
  URL root;

  @Inject
  ExplanationRepository repository;

  @Test
  void oldCallsDisappearWithoutAskingAndNewOnesStay() throws Exception {
    Instant now = Instant.now();
    repository.writeExplanations(List.of(
        Explanations.full("old-1", now.minus(Duration.ofDays(31)).toString()),
        Explanations.full("old-2", now.minus(Duration.ofDays(45)).toString()),
        Explanations.full("old-3", now.minus(Duration.ofDays(400)).toString()),
        Explanations.full("new-1", now.minus(Duration.ofDays(29)).toString())));
    Await.until("the scheduled job deletes the three old calls", Duration.ofSeconds(30),
        () -> get("/q/metrics").lines().filter(l -> l.contains("retention")).toList(),
        lines -> lines.stream().anyMatch(l -> l.contains("glassbox_retention_deleted_total{table=\"calls\"} 3.0")));
    for (String id : List.of("old-1", "old-2", "old-3")) {
      assertTrue(repository.findExplanationJson(new CallKey("acme", id)).isEmpty(), id);
    }
    assertTrue(repository.findExplanationJson(new CallKey("acme", "new-1")).isPresent());
    assertEquals(1, repository.stats(0, null).calls());
  }

  private String get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(root.toURI().resolve(path)).GET().build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }
}
