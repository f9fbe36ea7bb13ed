package dev.glassbox.ingest;

import dev.glassbox.core.adapt.Adapted;
import dev.glassbox.core.adapt.OpenAiChatAdapter;
import dev.glassbox.core.call.BodySplitter;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /v1/openai}: logged OpenAI {@code {request, response}} pairs (chat completions or legacy
 * completions), one, a JSON array, or NDJSON; each is mapped to a call and published like {@code /v1/calls}.
 * {@code ?app=} names the application for pairs that do not.
 */
@Path("/v1/openai")
public class OpenAiResource {

  private final IngestBatch batch;

  OpenAiResource(IngestBatch batch) {
    this.batch = batch;
  }

  @POST
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  public Response ingest(byte[] body, @QueryParam("app") String app) {
    IngestBatch.Records records = batch.split(body);
    if (records.error() != null) return records.error();
    OpenAiChatAdapter adapter = new OpenAiChatAdapter(batch.codec(), app == null || app.isBlank() ? "openai" : app);
    List<IngestBatch.Candidate> candidates = new ArrayList<>();
    for (BodySplitter.Item item : records.items()) {
      Integer line = item.line() > 0 ? item.line() : null;
      if (!item.parsed()) {
        candidates.add(IngestBatch.Candidate.rejected(item.index(), line, null, List.of(item.error())));
        continue;
      }
      Adapted a = adapter.adapt(item.json());
      candidates.add(new IngestBatch.Candidate(item.index(), line, a.id(), a.call(), a.errors(), a.warnings()));
    }
    return batch.publish("openai", candidates, null);
  }
}
