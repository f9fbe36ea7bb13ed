package dev.glassbox.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.glassbox.core.call.CallKey;
import java.util.List;

/** Totals over everything stored, and the calls whose responses the context supports least. */
public record StoreStats(long calls, long flagged, List<GroundingRank> leastGrounded) {

  /** A call and its grounding score (higher is better supported). */
  public record GroundingRank(String callId, String tenant, double groundingScore) {

    /** The call's HTML explanation page. */
    @JsonProperty("url")
    public String url() {
      return Links.callPage(new CallKey(tenant, callId));
    }
  }
}
