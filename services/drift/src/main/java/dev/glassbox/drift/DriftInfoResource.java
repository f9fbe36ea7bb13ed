package dev.glassbox.drift;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** Says what the drift service does today: nothing yet, so no one mistakes silence for "no drift". */
@Path("/api/drift")
public class DriftInfoResource {

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, String> info() {
    return Map.of("status", "not implemented", "detail", "windowed drift detection is not built yet; no reports are produced");
  }
}
