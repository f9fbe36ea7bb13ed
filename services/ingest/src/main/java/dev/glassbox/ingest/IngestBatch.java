package dev.glassbox.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.glassbox.core.call.BodySplitter;
import dev.glassbox.core.call.Call;
import dev.glassbox.core.call.CallCodec;
import dev.glassbox.core.call.FieldError;
import dev.glassbox.core.call.Limits;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.jboss.logging.Logger;

/**
 * What every ingest endpoint shares: reading the body into records, and publishing the calls made from them
 * with one answer listing what was accepted and why each other record was not (202 all, 207 some, 400 none,
 * 503 when Kafka did not acknowledge).
 */
@ApplicationScoped
public class IngestBatch {

  private static final Logger LOG = Logger.getLogger(IngestBatch.class);

  private final CallPublisher publisher;
  private final IngestConfig config;
  private final CallCodec codec;
  private final MeterRegistry registry;

  IngestBatch(CallPublisher publisher, IngestConfig config, MeterRegistry registry) {
    this.publisher = publisher;
    this.config = config;
    this.registry = registry;
    Limits d = Limits.DEFAULT;
    this.codec = new CallCodec(new Limits(d.maxIdChars(), d.maxNameChars(), config.maxTextChars(), d.maxMessages(),
        d.maxPassages(), d.maxSamples(), config.maxTokens(), d.maxTopLogprobs(), d.maxDepth()));
  }

  /** The codec with this service's limits; adapters validate through it too. */
  CallCodec codec() {
    return codec;
  }

  int maxRecords() {
    return config.maxRecords();
  }

  /** Why one record of the request was not accepted. */
  public record Rejection(int index, Integer line, String id, List<FieldError> errors) {}

  /** What was lost while mapping one accepted record of a foreign format. */
  public record Warnings(int index, String id, List<String> warnings) {}

  /** The answer to a request: what was accepted and what was not, with reasons. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record IngestResult(List<String> accepted, List<Rejection> rejected,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Warnings> warnings,
      @JsonProperty("ignored_spans") Integer ignoredSpans) {}

  /** One record on its way: a call to publish, or the reasons it has none. */
  record Candidate(int index, Integer line, String id, Call call, List<FieldError> errors, List<String> warnings) {
    static Candidate rejected(int index, Integer line, String id, List<FieldError> errors) {
      return new Candidate(index, line, id, null, errors, List.of());
    }
  }

  /** The body's records, or the error answer when the body cannot be read or holds too many. */
  record Records(List<BodySplitter.Item> items, Response error) {}

  Records split(byte[] body) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
    } catch (CharacterCodingException e) {
      return new Records(null, error(400, "$", "body is not valid UTF-8"));
    }
    List<BodySplitter.Item> items = BodySplitter.split(text);
    if (items.size() > config.maxRecords()) return new Records(null, tooMany(items.size()));
    return new Records(items, null);
  }

  Response tooMany(int count) {
    return error(413, "$", "more than " + config.maxRecords() + " records in one request (" + count + ")");
  }

  /** Publishes every candidate that has a call, waits for Kafka, and answers for all of them. */
  Response publish(String format, List<Candidate> candidates, Integer ignoredSpans) {
    List<String> ok = new ArrayList<>();
    List<Candidate> sent = new ArrayList<>();
    List<Rejection> bad = new ArrayList<>();
    List<Warnings> warnings = new ArrayList<>();
    List<Future<RecordMetadata>> sends = new ArrayList<>();
    for (Candidate c : candidates) {
      if (c.call() == null) {
        bad.add(new Rejection(c.index(), c.line(), c.id() == null ? null : truncate(c.id()), c.errors()));
        continue;
      }
      sends.add(publisher.send(config.topic(), c.call().id(), codec.encode(c.call())));
      sent.add(c);
    }
    boolean kafkaFailed = false;
    long deadline = System.nanoTime() + config.sendTimeout().toNanos();
    for (int i = 0; i < sends.size(); i++) {
      Candidate c = sent.get(i);
      try {
        sends.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        ok.add(c.call().id());
        if (!c.warnings().isEmpty()) warnings.add(new Warnings(c.index(), c.call().id(), c.warnings()));
      } catch (ExecutionException | TimeoutException e) {
        if (e.getCause() instanceof RecordTooLargeException) {
          // Permanent: the same record would be refused on every retry.
          bad.add(new Rejection(c.index(), null, c.call().id(), List.of(new FieldError("$",
              "not stored: larger than Kafka accepts (" + rootMessage(e) + "); not retryable"))));
          continue;
        }
        kafkaFailed = true;
        bad.add(new Rejection(c.index(), null, c.call().id(),
            List.of(new FieldError("$", "not stored: Kafka did not acknowledge (" + rootMessage(e) + "); retry"))));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return error(503, "$", "interrupted while waiting for Kafka; retry");
      }
    }
    if (kafkaFailed) LOG.warnf("Kafka did not acknowledge some calls; the client was told to retry them");
    registry.counter("glassbox_ingest_calls", "outcome", "accepted", "format", format).increment(ok.size());
    registry.counter("glassbox_ingest_calls", "outcome", "rejected", "format", format).increment(bad.size());
    bad.sort((a, b) -> Integer.compare(a.index(), b.index()));
    int status = ok.isEmpty() ? (kafkaFailed ? 503 : 400) : (bad.isEmpty() ? 202 : 207);
    if (ok.isEmpty() && bad.isEmpty()) status = 202; // e.g. a trace export with no LLM span: nothing to refuse
    return Response.status(status).entity(new IngestResult(ok, bad, warnings, ignoredSpans)).build();
  }

  static Response error(int status, String path, String reason) {
    return Response.status(status).entity(Map.of("error", reason, "field", path)).build();
  }

  static String truncate(String s) {
    return s.length() <= 140 ? s : s.substring(0, 137) + "...";
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) t = t.getCause();
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }
}
