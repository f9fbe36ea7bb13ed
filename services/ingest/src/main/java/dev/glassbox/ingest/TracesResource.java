package dev.glassbox.ingest;

import dev.glassbox.core.adapt.Adapted;
import dev.glassbox.core.adapt.TraceAdapter;
import dev.glassbox.core.call.BodySplitter;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /v1/traces}: OTLP/HTTP JSON trace exports (one, or NDJSON of them as the Collector's file
 * exporter writes). Each LLM span (OpenTelemetry GenAI or OpenInference) becomes a call published like
 * {@code /v1/calls}; other spans are ignored and counted in {@code ignored_spans}. Rejections carry the index
 * of the export in the body and the span's call id.
 */
@Path("/v1/traces")
public class TracesResource {

  private final IngestBatch batch;

  TracesResource(IngestBatch batch) {
    this.batch = batch;
  }

  @POST
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  public Response ingest(byte[] body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      @QueryParam("app") String app) {
    if (contentType != null && contentType.toLowerCase().startsWith("application/x-protobuf")) {
      return IngestBatch.error(415, "$", "OTLP/HTTP protobuf is not supported: send OTLP/HTTP JSON "
          + "(Content-Type: application/json; in the OpenTelemetry Collector: otlphttp exporter with encoding: json)");
    }
    IngestBatch.Records records = batch.split(body);
    if (records.error() != null) return records.error();
    TraceAdapter adapter = new TraceAdapter(batch.codec(), app == null || app.isBlank() ? "otel" : app);
    List<IngestBatch.Candidate> candidates = new ArrayList<>();
    int ignored = 0;
    for (BodySplitter.Item item : records.items()) {
      Integer line = item.line() > 0 ? item.line() : null;
      if (!item.parsed()) {
        candidates.add(IngestBatch.Candidate.rejected(item.index(), line, null, List.of(item.error())));
        continue;
      }
      TraceAdapter.Result result = adapter.adapt(item.json());
      ignored += result.ignoredSpans();
      if (!result.errors().isEmpty()) {
        candidates.add(IngestBatch.Candidate.rejected(item.index(), line, null, result.errors()));
      }
      for (Adapted a : result.calls()) {
        candidates.add(new IngestBatch.Candidate(item.index(), line, a.id(), a.call(), a.errors(), a.warnings()));
      }
    }
    if (candidates.size() > batch.maxRecords()) return batch.tooMany(candidates.size());
    return batch.publish("otlp", candidates, ignored);
  }
}
