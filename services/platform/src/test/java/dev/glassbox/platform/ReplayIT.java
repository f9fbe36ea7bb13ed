package dev.glassbox.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.glassbox.core.call.CallKey;
import dev.glassbox.cli.ReplayCommand;
import dev.glassbox.core.adapt.RecordFormat;
import dev.glassbox.core.call.BodySplitter;
import dev.glassbox.core.testing.Await;
import dev.glassbox.kafka.Topics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code glassbox replay} against the packaged ingest service and a real broker: every call of a file reaches
 * {@code llm.calls.v1} exactly once, over HTTP and straight to Kafka, and a record ingest rejects is counted as
 * rejected, not as failed, and is sent once.
 */
class ReplayIT {

  private static final Duration TIMEOUT = Duration.ofMinutes(2);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static Platform platform;

  @BeforeAll
  static void startIngestAndKafka() throws Exception {
    Path home = GlassboxHome.find();
    Map<String, Integer> services = TestRuns.onAnyPort("ingest");
    platform = Platform.start(new Platform.Settings(home, TestRuns.freshDataDir(home, "replay"),
        Ports.ANY, Ports.ANY, services, true, Duration.ofMinutes(4)),
        line -> System.out.println("[replay] " + line));
  }

  @AfterAll
  static void stop() {
    if (platform != null) platform.close();
  }

  @Test
  void everyReplayedCallArrivesOnceAndARecordIngestRejectsIsCountedRejectedAndSentOnce() throws Exception {
    URI ingest = URI.create(platform.service("ingest").baseUrl());
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);

    // Batches of two: the invalid record shares its request with a valid one (a 207).
    ReplayCommand.Totals http = ReplayCommand.toHttp(calls("http", 5), RecordFormat.NATIVE, ingest,
        platform.ingestKey(), 0, 2, null, true, out);
    assertEquals(List.of(6L, 5L, 1L, 0L), List.of(http.records(), http.accepted(), http.rejected(), http.failed()),
        log.toString(StandardCharsets.UTF_8));
    assertEquals(1.0, ingestCount("rejected"), "ingest saw the invalid record once: replay did not re-send it");
    assertEquals(5.0, ingestCount("accepted"));

    ReplayCommand.Totals kafka = ReplayCommand.toKafka(calls("kafka", 4), RecordFormat.NATIVE,
        platform.kafka().bootstrapServers(), 0, null, true, out);
    assertEquals(List.of(5L, 4L, 1L, 0L), List.of(kafka.records(), kafka.accepted(), kafka.rejected(), kafka.failed()),
        log.toString(StandardCharsets.UTF_8));

    Map<String, Integer> expected = new TreeMap<>();
    for (int i = 0; i < 5; i++) expected.put("replay-http-" + i, 1);
    for (int i = 0; i < 4; i++) expected.put("replay-kafka-" + i, 1);
    Map<String, Integer> onTopic = Await.until("the replayed calls on " + Topics.CALLS, TIMEOUT,
        ReplayIT::callsOnTopic, seen -> seen.keySet().containsAll(expected.keySet()));
    assertEquals(expected, onTopic, "each call once, no invalid record");
  }

  /** {@code valid} calls named {@code replay-<via>-<n>} and one without a response, as NDJSON. */
  private static List<BodySplitter.Item> calls(String via, int valid) {
    List<String> lines = new ArrayList<>();
    String call = "{\"id\": \"replay-%s-%s\", \"timestamp\": \"2026-11-28T12:00:00Z\", \"app\": \"replay-it\","
        + " \"model\": \"m\", \"prompt\": \"Where is the tower?\"%s}";
    for (int i = 0; i < valid; i++) lines.add(call.formatted(via, i, ", \"response\": \"In Paris.\""));
    lines.add(call.formatted(via, "invalid", ""));
    return BodySplitter.split(String.join("\n", lines));
  }

  private static Map<String, Integer> callsOnTopic() {
    Map<String, Integer> seen = new TreeMap<>();
    for (ConsumerRecord<String, byte[]> r : TopicReader.readCommitted(platform.kafka().bootstrapServers(),
        Topics.CALLS, TIMEOUT)) {
      seen.merge(CallKey.idOf(r.key()), 1, Integer::sum);
    }
    return seen;
  }

  /** Ingest's count of native calls with this outcome, from its Prometheus metrics. */
  private static double ingestCount(String outcome) throws Exception {
    String body = HTTP.send(HttpRequest.newBuilder(URI.create(platform.service("ingest").baseUrl() + "/q/metrics"))
        .GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
    double n = 0;
    for (String line : body.split("\n")) {
      if (line.startsWith("glassbox_ingest_calls_total{") && line.contains("format=\"native\"")
          && line.contains("outcome=\"" + outcome + "\"")) {
        n += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return n;
  }
}
