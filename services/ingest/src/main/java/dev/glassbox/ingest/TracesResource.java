package dev.glassbox.ingest;

import dev.glassbox.core.adapt.RecordFormat;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

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
      @QueryParam("app") String app, @HeaderParam(HttpHeaders.CONTENT_ENCODING) String encoding) {
    if (contentType != null && contentType.toLowerCase().startsWith("application/x-protobuf")) {
      return IngestBatch.error(415, "$", "OTLP/HTTP protobuf is not supported: send OTLP/HTTP JSON "
          + "(Content-Type: application/json; in the OpenTelemetry Collector: otlphttp exporter with encoding: json)");
    }
    return batch.ingest(RecordFormat.OTLP, app, encoding, body);
  }
}
