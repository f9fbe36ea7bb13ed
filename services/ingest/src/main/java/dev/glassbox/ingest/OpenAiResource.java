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
 * {@code POST /v1/openai}: logged OpenAI {@code {request, response}} pairs (chat completions or legacy
 * completions), one, a JSON array, or NDJSON; each is mapped to a call and published like {@code /v1/calls}.
 * {@code ?app=} names the application for pairs that do not.
 */
@Path("/v1/openai")
public class OpenAiResource {

  private final IngestBatch batch;
  private final IngestAccess access;

  OpenAiResource(IngestBatch batch, IngestAccess access) {
    this.batch = batch;
    this.access = access;
  }

  @POST
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  public Response ingest(byte[] body, @QueryParam("app") String app,
      @HeaderParam(HttpHeaders.CONTENT_ENCODING) String encoding,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
    return batch.ingest(RecordFormat.OPENAI, app, encoding, body, access.tenant(authorization));
  }
}
