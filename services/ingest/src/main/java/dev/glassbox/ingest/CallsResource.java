package dev.glassbox.ingest;

import dev.glassbox.core.call.BodySplitter;
import dev.glassbox.core.call.CallCodec;
import dev.glassbox.core.call.FieldError;
import dev.glassbox.core.call.Limits;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
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
import org.jboss.logging.Logger;

/**
 * {@code POST /v1/calls}: one call v1 object, a JSON array of them, or NDJSON. Valid calls go to Kafka
 * keyed by id; every invalid one is listed with all its field errors. 202 when all were accepted, 207
 * when some were, 400 when none were, 503 when Kafka did not acknowledge (nothing is lost: retry).
 */
@Path("/v1/calls")
public class CallsResource {

  private static final Logger LOG = Logger.getLogger(CallsResource.class);

  private final CallPublisher publisher;
  private final IngestConfig config;
  private final CallCodec codec;
  private final Counter accepted;
  private final Counter rejected;

  CallsResource(CallPublisher publisher, IngestConfig config, MeterRegistry registry) {
    this.publisher = publisher;
    this.config = config;
    Limits d = Limits.DEFAULT;
    this.codec = new CallCodec(new Limits(d.maxIdChars(), d.maxNameChars(), config.maxTextChars(), d.maxMessages(),
        d.maxPassages(), d.maxSamples(), config.maxTokens(), d.maxTopLogprobs(), d.maxDepth()));
    this.accepted = registry.counter("glassbox_ingest_calls", "outcome", "accepted");
    this.rejected = registry.counter("glassbox_ingest_calls", "outcome", "rejected");
  }

  /** Why one record of the request was not accepted. */
  public record Rejection(int index, Integer line, String id, List<FieldError> errors) {}

  /** The answer to a request: what was accepted and what was not, with reasons. */
  public record IngestResult(List<String> accepted, List<Rejection> rejected) {}

  @POST
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  public Response ingest(byte[] body) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
    } catch (CharacterCodingException e) {
      return error(400, "$", "body is not valid UTF-8");
    }
    List<BodySplitter.Item> items = BodySplitter.split(text);
    if (items.size() > config.maxRecords()) {
      return error(413, "$", "more than " + config.maxRecords() + " records in one request (" + items.size() + ")");
    }
    List<String> ok = new ArrayList<>();
    List<Rejection> bad = new ArrayList<>();
    List<Future<RecordMetadata>> sends = new ArrayList<>();
    List<Integer> sendIndex = new ArrayList<>();
    for (BodySplitter.Item item : items) {
      Integer line = item.line() > 0 ? item.line() : null;
      if (!item.parsed()) {
        bad.add(new Rejection(item.index(), line, null, List.of(item.error())));
        continue;
      }
      CallCodec.Decoded decoded = codec.decode(item.json());
      if (!decoded.isValid()) {
        String id = item.json().path("id").isTextual() ? truncate(item.json().path("id").textValue()) : null;
        bad.add(new Rejection(item.index(), line, id, decoded.errors()));
        continue;
      }
      sends.add(publisher.send(config.topic(), decoded.call().id(), codec.encode(decoded.call())));
      sendIndex.add(item.index());
      ok.add(decoded.call().id());
    }
    List<String> acknowledged = new ArrayList<>();
    boolean kafkaFailed = false;
    long deadline = System.nanoTime() + config.sendTimeout().toNanos();
    for (int i = 0; i < sends.size(); i++) {
      try {
        sends.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        acknowledged.add(ok.get(i));
      } catch (ExecutionException | TimeoutException e) {
        kafkaFailed = true;
        bad.add(new Rejection(sendIndex.get(i), null, ok.get(i),
            List.of(new FieldError("$", "not stored: Kafka did not acknowledge (" + rootMessage(e) + "); retry"))));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return error(503, "$", "interrupted while waiting for Kafka; retry");
      }
    }
    if (kafkaFailed) LOG.warnf("Kafka did not acknowledge some calls; the client was told to retry them");
    accepted.increment(acknowledged.size());
    rejected.increment(bad.size());
    bad.sort((a, b) -> Integer.compare(a.index(), b.index()));
    int status = acknowledged.isEmpty() ? (kafkaFailed ? 503 : 400) : (bad.isEmpty() ? 202 : 207);
    return Response.status(status).entity(new IngestResult(acknowledged, bad)).build();
  }

  private static Response error(int status, String path, String reason) {
    return Response.status(status).entity(Map.of("error", reason, "field", path)).build();
  }

  private static String truncate(String s) {
    return s.length() <= 140 ? s : s.substring(0, 137) + "...";
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) t = t.getCause();
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }
}
