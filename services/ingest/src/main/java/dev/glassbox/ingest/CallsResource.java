package dev.glassbox.ingest;

import dev.glassbox.core.adapt.RecordFormat;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code POST /v1/calls}: one call v1 object, a JSON array of them, or NDJSON. Valid calls go to Kafka
 * keyed by id; every invalid one is listed with all its field errors and {@code retryable: false}. 202 when all
 * were accepted, 207 when some were, 400 when none were, 503 when Kafka did not acknowledge (nothing is lost:
 * the records it did not store are {@code retryable: true}; re-send them).
 */
@Path("/v1/calls")
public class CallsResource {

  private final IngestBatch batch;
  private final IngestAccess access;

  CallsResource(IngestBatch batch, IngestAccess access) {
    this.batch = batch;
    this.access = access;
  }

  @POST
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  public Response ingest(byte[] body, @HeaderParam(HttpHeaders.CONTENT_ENCODING) String encoding,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
    return batch.ingest(RecordFormat.NATIVE, null, encoding, body, access.tenant(authorization));
  }
}
