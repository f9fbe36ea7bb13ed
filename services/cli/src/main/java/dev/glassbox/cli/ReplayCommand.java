package dev.glassbox.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.glassbox.core.adapt.RecordFormat;
import dev.glassbox.core.adapt.RecordReader;
import dev.glassbox.core.call.BodySplitter;
import dev.glassbox.core.call.Call;
import dev.glassbox.core.call.CallCodec;
import dev.glassbox.core.call.CallKey;
import dev.glassbox.core.json.Json;
import dev.glassbox.kafka.KafkaClients;
import dev.glassbox.kafka.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code glassbox replay}: feeds a running platform from logs on disk, over HTTP or straight into Kafka. */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = "Send logged LLM calls (call v1, OpenAI pairs, OTLP/JSON traces) to a running Glassbox.")
public final class ReplayCommand implements Callable<Integer> {

  @Option(names = "--in", required = true, description = "file: one JSON record, a JSON array, or NDJSON")
  Path in;

  @Option(names = "--format", defaultValue = "native",
      description = "native | openai | otlp | openinference (default: ${DEFAULT-VALUE})")
  String format;

  @Option(names = "--to", required = true,
      description = "http://host:port (the ingest service) or kafka://host:port (mapped here, produced to llm.calls.v1)")
  URI to;

  @Option(names = "--key", defaultValue = "${env:GLASSBOX_INGEST_KEY}",
      description = "producer key for an http:// target, sent as Authorization: Bearer (default: $GLASSBOX_INGEST_KEY;"
          + " ./glassbox up keeps one in .glassbox/ingest-key)")
  String key;

  @Option(names = "--rate", description = "most records per second, e.g. 50/s (default: as fast as accepted)")
  String rate;

  @Option(names = "--batch", defaultValue = "100", description = "records per HTTP request (default: ${DEFAULT-VALUE})")
  int batch;

  @Option(names = "--app", description = "application name for records that carry none")
  String app;

  @Option(names = "--no-progress", description = "no progress bar")
  boolean noProgress;

  /** Counts of one replay; {@code failed} are records the target did not take for a reason other than their content. */
  public record Totals(long records, long accepted, long rejected, long ignoredSpans, long failed, double seconds) {}

  /** The counts while a replay runs. */
  static final class Tally {
    long accepted;
    long rejected;
    long ignoredSpans;
    long failed;

    Totals totals(long records, long startNanos) {
      return new Totals(records, accepted, rejected, ignoredSpans, failed, (System.nanoTime() - startNanos) / 1e9);
    }
  }

  @Override
  public Integer call() throws Exception {
    RecordFormat recordFormat;
    double perSecond;
    try {
      recordFormat = RecordFormat.parse(format);
      perSecond = rate == null ? 0 : parseRate(rate);
    } catch (IllegalArgumentException e) {
      System.err.println("glassbox replay: " + e.getMessage());
      return 2;
    }
    if (!Files.isReadable(in)) {
      System.err.println("glassbox replay: cannot read " + in);
      return 2;
    }
    String scheme = to.getScheme() == null ? "" : to.getScheme();
    if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals("kafka")) {
      System.err.println("glassbox replay: --to must be http://host:port or kafka://host:port, not " + to);
      return 2;
    }
    Optional<List<BodySplitter.Item>> items = BodySplitter.split(Files.readAllBytes(in));
    if (items.isEmpty()) {
      System.err.println("glassbox replay: " + in + " is not valid UTF-8");
      return 2;
    }
    Totals t = scheme.equals("kafka")
        ? toKafka(items.get(), recordFormat, to.getAuthority(), perSecond, app, noProgress, System.err)
        : toHttp(items.get(), recordFormat, to, key, perSecond, batch, app, noProgress, System.err);
    System.err.printf(Locale.ROOT, "replayed %d records in %.1f s: %d calls accepted, %d rejected, %d failed, %d non-LLM spans ignored%n",
        t.records(), t.seconds(), t.accepted(), t.rejected(), t.failed(), t.ignoredSpans());
    return t.failed() > 0 ? 3 : t.accepted() == 0 && t.records() > 0 ? 1 : 0;
  }

  /** Parses {@code 50/s}, {@code 50} or {@code 2.5/s}. */
  static double parseRate(String rate) {
    try {
      double r = Double.parseDouble(rate.strip().replaceFirst("\\s*/\\s*s$", ""));
      if (r > 0 && Double.isFinite(r)) return r;
    } catch (NumberFormatException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException("--rate must be a positive number of records per second, e.g. 50/s, not '" + rate + "'");
  }

  /** The ingest path for a format. */
  static String endpoint(RecordFormat format) {
    return switch (format) {
      case NATIVE -> "/v1/calls";
      case OPENAI -> "/v1/openai";
      case OTLP, OPENINFERENCE -> "/v1/traces";
    };
  }

  /**
   * Posts records to the ingest service, in batches (one export per request for traces), with the producer key
   * {@code key} (null: none, for an ingest with keys off).
   */
  public static Totals toHttp(List<BodySplitter.Item> items, RecordFormat format, URI base, String key,
      double perSecond, int batchSize, String app, boolean quiet, PrintStream log)
      throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    URI url = URI.create(base.toString().replaceAll("/+$", "") + endpoint(format)
        + (app == null ? "" : "?app=" + URLEncoder.encode(app, StandardCharsets.UTF_8)));
    int per = format.oneCallPerRecord() ? Math.max(1, batchSize) : 1;
    Tally tally = new Tally();
    Pacer pacer = new Pacer(perSecond);
    long start = System.nanoTime();
    try (ProgressBar bar = bar("replay", items.size(), quiet, log)) {
      for (int from = 0; from < items.size(); from += per) {
        List<BodySplitter.Item> chunk = items.subList(from, Math.min(items.size(), from + per));
        List<BodySplitter.Item> parsed = parsed(chunk, tally, log);
        if (!parsed.isEmpty()) {
          pacer.await(parsed.size());
          post(client, request(url, key), parsed, per == 1, tally, log);
        }
        if (bar != null) bar.stepBy(chunk.size());
      }
    }
    return tally.totals(items.size(), start);
  }

  /** The records of a chunk that are JSON; the others are counted as rejected here and not sent. */
  private static List<BodySplitter.Item> parsed(List<BodySplitter.Item> chunk, Tally tally, PrintStream log) {
    List<BodySplitter.Item> parsed = new ArrayList<>();
    for (BodySplitter.Item item : chunk) {
      if (item.parsed()) {
        parsed.add(item);
      } else {
        tally.rejected++;
        log.println(where(item) + ": skipped: " + item.error().reason());
      }
    }
    return parsed;
  }

  /** A JSON POST to {@code url}, carrying the producer key when there is one. */
  private static HttpRequest.Builder request(URI url, String key) {
    HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json");
    return key == null || key.isBlank() ? b : b.header("Authorization", "Bearer " + key.strip());
  }

  /** Posts records in one request ({@code single}: the record itself, else a JSON array) and counts the answer. */
  private static void post(HttpClient client, HttpRequest.Builder request, List<BodySplitter.Item> records,
      boolean single, Tally tally, PrintStream log) throws InterruptedException {
    URI url = request.build().uri();
    ArrayNode array = Json.mapper().createArrayNode();
    records.forEach(item -> array.add(item.json()));
    byte[] payload = Json.bytes(single ? array.get(0) : array);
    HttpResponse<String> response;
    try {
      response = client.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(payload)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      log.println("cannot reach " + url + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
      tally.failed += records.size();
      return;
    }
    count(response.statusCode(), response.body(), records, tally, log);
  }

  /**
   * Counts ingest's answer to the request that sent {@code records}: accepted calls, records rejected for their
   * content, and records ingest marks {@code retryable} (Kafka did not store them) or a request it did not answer
   * for record by record, both failed.
   */
  static void count(int status, String body, List<BodySplitter.Item> records, Tally tally, PrintStream log) {
    JsonNode answer;
    try {
      answer = Json.readTree(body);
    } catch (IOException e) {
      answer = Json.mapper().createObjectNode();
    }
    if (!answer.has("accepted")) {
      tally.failed += records.size();
      log.println(where(records.get(0)) + " to " + where(records.get(records.size() - 1)) + ": HTTP " + status + " "
          + answer.path("error").asText(body));
      return;
    }
    tally.accepted += answer.get("accepted").size();
    tally.ignoredSpans += answer.path("ignored_spans").asLong(0);
    for (JsonNode r : answer.path("rejected")) {
      boolean retryable = r.path("retryable").asBoolean(false);
      if (retryable) tally.failed++;
      else tally.rejected++;
      int index = r.path("index").asInt();
      String place = index >= 0 && index < records.size() ? where(records.get(index)) : "record ?";
      log.println(place + (r.path("id").isTextual() ? " (" + r.get("id").textValue() + ")" : "")
          + ": " + (retryable ? "not stored: " : "rejected: ") + reasons(r.path("errors")));
    }
  }

  /** Maps records here with the same {@link RecordReader} as ingest and produces the calls to {@code llm.calls.v1}. */
  public static Totals toKafka(List<BodySplitter.Item> items, RecordFormat format, String bootstrap, double perSecond,
      String app, boolean quiet, PrintStream log) throws InterruptedException {
    CallCodec codec = new CallCodec();
    RecordReader reader = new RecordReader(format, codec, app);
    Properties p = KafkaClients.reliableProducer(bootstrap, "glassbox-replay", Duration.ofSeconds(15));
    Tally tally = new Tally();
    Pacer pacer = new Pacer(perSecond);
    long start = System.nanoTime();
    List<Future<RecordMetadata>> sends = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        ProgressBar bar = bar("replay", items.size(), quiet, log)) {
      for (BodySplitter.Item item : items) {
        RecordReader.Read read = reader.read(item);
        tally.ignoredSpans += read.ignoredSpans();
        for (RecordReader.Candidate c : read.candidates()) {
          Call call = c.adapted().call();
          if (call == null) {
            tally.rejected++;
            log.println(where(item) + (c.adapted().id() == null ? "" : " (" + c.adapted().id() + ")") + ": rejected: "
                + c.adapted().reason());
            continue;
          }
          pacer.await(1);
          sends.add(producer.send(new ProducerRecord<>(Topics.CALLS, CallKey.of(call).recordKey(), codec.encode(call))));
          ids.add(call.id());
        }
        if (bar != null) bar.step();
      }
      producer.flush();
      for (int i = 0; i < sends.size(); i++) {
        try {
          sends.get(i).get();
          tally.accepted++;
        } catch (ExecutionException e) {
          tally.failed++;
          log.println(ids.get(i) + ": not stored: " + e.getCause());
        }
      }
    }
    return tally.totals(items.size(), start);
  }

  private static String where(BodySplitter.Item item) {
    return item.line() > 0 ? "line " + item.line() : "record " + item.index();
  }

  private static String reasons(JsonNode errors) {
    List<String> out = new ArrayList<>();
    for (JsonNode e : errors) out.add(e.path("path").asText() + ": " + e.path("reason").asText());
    return String.join("; ", out);
  }

  private static ProgressBar bar(String task, long max, boolean quiet, PrintStream log) {
    return quiet ? null : new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setStyle(ProgressBarStyle.ASCII)
        .setConsumer(new ConsoleProgressBarConsumer(log)).setUnit(" records", 1).showSpeed().build();
  }

  /** Keeps the send rate at or under a number of records per second (0 = unlimited). */
  static final class Pacer {
    private final double perSecond;
    private final long start = System.nanoTime();
    private long sent;

    Pacer(double perSecond) {
      this.perSecond = perSecond;
    }

    void await(int records) throws InterruptedException {
      if (perSecond > 0) {
        long dueNanos = (long) (sent / perSecond * 1e9);
        long waitNanos = dueNanos - (System.nanoTime() - start);
        if (waitNanos > 0) Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
      }
      sent += records;
    }
  }
}
