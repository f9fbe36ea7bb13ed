package dev.glassbox.ingest;

import dev.glassbox.core.call.BodySplitter;
import dev.glassbox.core.call.CallCodec;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /v1/calls}: one call v1 object, a JSON array of them, or NDJSON. Valid calls go to Kafka
 * keyed by id; every invalid one is listed with all its field errors. 202 when all were accepted, 207
 * when some were, 400 when none were, 503 when Kafka did not acknowledge (nothing is lost: retry).
 */
@Path("/v1/calls")
public class CallsResource {

  private final IngestBatch batch;

  CallsResource(IngestBatch batch) {
    this.batch = batch;
  }

  @POST
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  public Response ingest(byte[] body) {
    IngestBatch.Records records = batch.split(body);
    if (records.error() != null) return records.error();
    List<IngestBatch.Candidate> candidates = new ArrayList<>();
    for (BodySplitter.Item item : records.items()) {
      Integer line = item.line() > 0 ? item.line() : null;
      if (!item.parsed()) {
        candidates.add(IngestBatch.Candidate.rejected(item.index(), line, null, List.of(item.error())));
        continue;
      }
      CallCodec.Decoded decoded = batch.codec().decode(item.json());
      String id = item.json().path("id").isTextual() ? item.json().path("id").textValue() : null;
      candidates.add(new IngestBatch.Candidate(item.index(), line, id, decoded.call(), decoded.errors(), List.of()));
    }
    return batch.publish("native", candidates, null);
  }
}
