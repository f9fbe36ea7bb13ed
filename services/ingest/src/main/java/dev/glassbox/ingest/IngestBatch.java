package dev.glassbox.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.glassbox.core.adapt.RecordFormat;
import dev.glassbox.core.adapt.RecordReader;
import dev.glassbox.core.call.BodySplitter;
import dev.glassbox.core.call.Call;
import dev.glassbox.core.call.CallCodec;
import dev.glassbox.core.call.CallKey;
import dev.glassbox.core.call.FieldError;
import dev.glassbox.core.call.Limits;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.jboss.logging.Logger;

/**
 * What every ingest endpoint shares: reading the body into calls (the {@link RecordReader} of its format), and
 * publishing them with one answer listing what was accepted and why each other record was not (202 all, 207 some,
 * 400 none, 503 when Kafka did not acknowledge).
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
    this.codec = new CallCodec(Limits.DEFAULT.withConfigured(config.maxTextChars(), config.maxTokens())
        .withTimestampRange(config.earliestTimestamp(), config.maxTimestampAhead()));
  }

  /**
   * Why one record of the request was not accepted.
   *
   * @param retryable whether sending the same record again can succeed: true only when Kafka did not
   *     acknowledge it (nothing was stored); false for an invalid record or one larger than Kafka accepts
   */
  public record Rejection(int index, Integer line, String id, List<FieldError> errors, boolean retryable) {}

  /** What was lost while mapping one accepted record of a foreign format. */
  public record Warnings(int index, String id, List<String> warnings) {}

  /** The answer to a request: what was accepted and what was not, with reasons. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record IngestResult(List<String> accepted, List<Rejection> rejected,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Warnings> warnings,
      @JsonProperty("ignored_spans") Integer ignoredSpans) {}

  /**
   * Reads a body of {@code format} (one record, a JSON array or NDJSON), publishes its calls and answers for every
   * record; {@code app} names the application for records that do not, {@code contentEncoding} how the body was
   * compressed (or null), {@code tenant} the producer key's tenant (null when keys are off).
   */
  Response ingest(RecordFormat format, String app, String contentEncoding, byte[] sent, String tenant) {
    byte[] body;
    try {
      body = ContentEncoding.decode(contentEncoding, sent, config.maxInflatedBodyBytes());
    } catch (ContentEncoding.Refused e) {
      return error(e.status(), "$", e.getMessage());
    }
    Optional<List<BodySplitter.Item>> items = BodySplitter.split(body);
    if (items.isEmpty()) return error(400, "$", "body is not valid UTF-8");
    if (items.get().size() > config.maxRecords()) return tooMany(items.get().size());
    RecordReader.Read read = new RecordReader(format, codec, app).read(items.get());
    // A trace export holds many calls: the limit counts calls too.
    if (read.candidates().size() > config.maxRecords()) return tooMany(read.candidates().size());
    return publish(format.id(), read.candidates(), format.oneCallPerRecord() ? null : read.ignoredSpans(), tenant);
  }

  private Response tooMany(int count) {
    return error(413, "$", "more than " + config.maxRecords() + " records in one request (" + count + ")");
  }

  /**
   * Publishes every candidate that has a call, as {@code tenant}'s when a producer key names one, waits for Kafka,
   * and answers for all of them.
   */
  private Response publish(String format, List<RecordReader.Candidate> candidates, Integer ignoredSpans,
      String tenant) {
    List<String> ok = new ArrayList<>();
    List<Rejection> bad = new ArrayList<>();
    List<Warnings> warnings = new ArrayList<>();
    List<RecordReader.Candidate> sent = new ArrayList<>();
    List<Future<RecordMetadata>> sends = new ArrayList<>();
    for (RecordReader.Candidate c : candidates) {
      Call call = c.adapted().call();
      List<FieldError> errors = call == null ? c.adapted().errors() : tenantErrors(call, tenant);
      if (!errors.isEmpty()) {
        String id = call != null ? call.id() : c.adapted().id();
        bad.add(new Rejection(c.index(), c.line() > 0 ? c.line() : null, id == null ? null : truncate(id), errors,
            false));
        continue;
      }
      if (tenant != null) call = call.withTenant(tenant);
      sends.add(publisher.send(config.topic(), CallKey.of(call).recordKey(), codec.encode(call)));
      sent.add(c);
    }
    long deadline = System.nanoTime() + config.sendTimeout().toNanos();
    for (int i = 0; i < sends.size(); i++) {
      RecordReader.Candidate c = sent.get(i);
      try {
        sends.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        ok.add(c.adapted().call().id());
        if (!c.adapted().warnings().isEmpty()) {
          warnings.add(new Warnings(c.index(), c.adapted().call().id(), c.adapted().warnings()));
        }
      } catch (ExecutionException | TimeoutException e) {
        bad.add(notStored(c.index(), c.adapted().call().id(), e));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return error(503, "$", "interrupted while waiting for Kafka; retry");
      }
    }
    return answer(format, ok, bad, warnings, ignoredSpans);
  }

  /**
   * Why a call may not be sent with a key of {@code tenant}: it names another tenant. A call that names none (so has
   * the call v1 default) becomes the key's tenant's.
   */
  static List<FieldError> tenantErrors(Call call, String tenant) {
    if (tenant == null || call.tenant().equals(tenant) || call.tenant().equals(Call.DEFAULT_TENANT)) return List.of();
    return List.of(new FieldError("tenant", "must be the producer key's tenant (" + tenant + ") or absent"));
  }

  /** Why Kafka did not store a call: too large (permanent) or not acknowledged (the client retries). */
  static Rejection notStored(int index, String id, Exception e) {
    if (e.getCause() instanceof RecordTooLargeException) {
      // Permanent: the same record would be refused on every retry.
      return new Rejection(index, null, id, List.of(new FieldError("$",
          "not stored: larger than Kafka accepts (" + rootMessage(e) + "); not retryable")), false);
    }
    return new Rejection(index, null, id,
        List.of(new FieldError("$", "not stored: Kafka did not acknowledge (" + rootMessage(e) + "); retry")), true);
  }

  private Response answer(String format, List<String> ok, List<Rejection> bad, List<Warnings> warnings,
      Integer ignoredSpans) {
    boolean kafkaFailed = bad.stream().anyMatch(Rejection::retryable);
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
