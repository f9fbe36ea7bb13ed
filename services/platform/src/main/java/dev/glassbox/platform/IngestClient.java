package dev.glassbox.platform;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Posts calls to ingest's {@code POST /v1/calls} with a producer key and reads its accepted/rejected answer. */
public final class IngestClient {

  public static final String NDJSON = "application/x-ndjson";
  public static final String JSON = "application/json";

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI endpoint;
  private final String key;

  /** @param key the producer key's token, sent as {@code Authorization: Bearer}; null sends none */
  public IngestClient(String baseUrl, String key) {
    this(baseUrl, "/v1/calls", key);
  }

  /** A client of another ingest endpoint, e.g. {@code /v1/openai?app=x} or {@code /v1/traces}. */
  public IngestClient(String baseUrl, String pathAndQuery, String key) {
    this.endpoint = URI.create(baseUrl + pathAndQuery);
    this.key = key;
  }

  /**
   * Ingest's answer.
   *
   * @param rejected the {@code rejected} array as sent: {@code index}, {@code id}, {@code errors[{path, reason}]}
   */
  public record Result(int status, List<String> accepted, JsonNode rejected, String body) {
    public int rejectedCount() {
      return rejected == null ? 0 : rejected.size();
    }
  }

  /** Posts lines as NDJSON, one call per line. */
  public Result postNdjson(List<String> lines) throws IOException, InterruptedException {
    return post(String.join("\n", lines) + "\n", NDJSON);
  }

  public Result post(String body, String contentType) throws IOException, InterruptedException {
    return post(body.getBytes(java.nio.charset.StandardCharsets.UTF_8), contentType);
  }

  public Result post(byte[] body, String contentType) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(60))
        .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (key != null) b.header("Authorization", "Bearer " + key);
    HttpRequest req = b.build();
    HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
    List<String> accepted = new ArrayList<>();
    JsonNode rejected = null;
    try {
      JsonNode n = Json.readTree(r.body());
      n.path("accepted").forEach(a -> accepted.add(a.asText()));
      rejected = n.get("rejected");
    } catch (IOException e) {
      // not a JSON answer: the caller sees the status and body
    }
    return new Result(r.statusCode(), accepted, rejected, r.body());
  }
}
