package dev.glassbox.store;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.glassbox.core.call.CallKey;
import java.util.List;

/** The review queue's rows and pages, as the API answers them and the page shows them. */
public final class ReviewQueue {

  private ReviewQueue() {}

  /**
   * A call waiting for (or, in a verdict class, holding) a reviewer's verdict.
   *
   * @param response the first {@link ReviewQueueRepository#RESPONSE_EXCERPT} characters of the stored response
   * @param reviewVerdict the call's latest verdict, null when nobody has reviewed it
   * @param sortKey the order's key: the score (riskiest) or its distance to the threshold (informative)
   */
  public record Row(String tenant, String callId, String app, String model, String timestamp,
      Double hallucinationScore, Double threshold, boolean flagged, String evidence, String summary, String response,
      String reviewVerdict, Integer hallucinationModelVersion, String glassboxVersion, @JsonIgnore double sortKey) {

    /** The call's HTML explanation page. */
    @JsonProperty("url")
    public String url() {
      return Links.callPage(key());
    }

    /** Where the queue page posts a verdict on the call: the call page's own verdict form endpoint. */
    @JsonIgnore
    public String verdictUrl() {
      return Links.callVerdictsForm(key());
    }

    private CallKey key() {
      return new CallKey(tenant, callId);
    }
  }

  /** A page of rows and where the next one starts; {@code next} is null after the last page. */
  public record Page(List<Row> rows, QueueCursor next) {}

  /** The body of {@code GET /api/review-queue}. */
  public record Body(String order, List<Row> calls, int count, String next) {
    static Body of(ReviewQueueQuery q, Page page) {
      return new Body(q.order().id(), page.rows(), page.rows().size(),
          page.next() == null ? null : page.next().encode());
    }
  }
}
