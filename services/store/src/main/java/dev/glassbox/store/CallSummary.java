package dev.glassbox.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.glassbox.core.call.CallKey;

/**
 * One line of the call list: the headline signals of a stored explanation.
 *
 * @param hallucinationScore null when the call had no checkable evidence
 * @param evidence what the score rests on ({@code none}, {@code context}, ...); null for rows stored before verdicts
 */
public record CallSummary(String callId, String app, String model, String tenant, String timestamp,
    Double hallucinationScore, boolean flagged, String evidence, Double groundingScore, Double uncertaintyScore,
    String summary) {

  /** The call's HTML explanation page. */
  @JsonProperty("url")
  public String url() {
    return Links.callPage(new CallKey(tenant, callId));
  }
}
