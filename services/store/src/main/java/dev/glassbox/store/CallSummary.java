package dev.glassbox.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.glassbox.core.call.CallKey;

/** One line of the call list: the headline signals of a stored explanation. */
public record CallSummary(String callId, String app, String model, String tenant, String timestamp,
    double hallucinationScore, boolean flagged, Double groundingScore, Double uncertaintyScore, String summary) {

  /** The call's HTML explanation page. */
  @JsonProperty("url")
  public String url() {
    return Links.callPage(new CallKey(tenant, callId));
  }
}
