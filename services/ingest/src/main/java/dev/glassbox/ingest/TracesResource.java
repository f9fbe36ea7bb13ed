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
 * {@code /v1/calls}; other spans are ignored and counted in {@code ignored_spans} (a protobuf body is answered 415
 * by {@link IngestRequestFilter}). Rejections carry the index
 * of the export in the body and the span's call id.
 */
@Path("/v1/traces")
public class TracesResource {

  private final IngestBatch batch;
  private final IngestAccess access;

  TracesResource(IngestBatch batch, IngestAccess access) {
    this.batch = batch;
    this.access = access;
  }

  @POST
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  public Response ingest(byte[] body, @QueryParam("app") String app,
      @HeaderParam(HttpHeaders.CONTENT_ENCODING) String encoding,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
    return batch.ingest(RecordFormat.OTLP, app, encoding, body, access.tenant(authorization));
  }
}
