package dev.glassbox.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.store.CallQuery.InvalidParameterException;
import dev.glassbox.store.ReviewQueueQuery.Order;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReviewQueueQueryTest {

  private static ReviewQueueQuery parse(String app, String verdict, String modelVersion, String order, String after,
      String since, String until, String limit) {
    return ReviewQueueQuery.parse(new ReviewQueueQuery.Params(app, null, null, since, until, verdict, modelVersion,
        null, order, after, limit), 50, 1000);
  }

  private static String failingField(String app, String verdict, String modelVersion, String order, String after,
      String since, String until, String limit) {
    return assertThrows(InvalidParameterException.class,
        () -> parse(app, verdict, modelVersion, order, after, since, until, limit)).field();
  }

  @Test
  void theDefaultQueueIsTheRiskiestUnreviewedCallsOfEveryApp() {
    ReviewQueueQuery q = parse(" ", null, null, null, null, null, null, null);
    assertNull(q.app());
    assertNull(q.verdict(), "unreviewed");
    assertEquals(Order.RISKIEST, q.order());
    assertNull(q.after());
    assertEquals(50, q.limit());
    assertNull(parse(null, "unreviewed", null, "riskiest", null, null, null, null).verdict());
  }

  @Test
  void filtersAreReadWithTheirTypes() {
    ReviewQueueQuery q = parse("bot", "correct", " 3 ", "INFORMATIVE", null, "2026-11-28T13:00:00+01:00",
        "2026-11-29T00:00:00Z", "7");
    assertEquals("correct", q.verdict());
    assertEquals(3, q.modelVersion());
    assertEquals(Order.INFORMATIVE, q.order());
    assertEquals(Instant.parse("2026-11-28T12:00:00Z"), q.since());
    assertEquals(7, q.limit());
  }

  @Test
  void aCursorComesBackAsItWasWrittenWhateverItsTenantAndIdHold() {
    for (double key : new double[] {0.0, 1e-17, 0.1 + 0.2, 0.999999999999, 1.0}) {
      QueueCursor c = new QueueCursor(Order.INFORMATIVE, key, "ténant a/b", "id?=&+/ü 1");
      String after = c.encode();
      assertTrue(after.matches("[A-Za-z0-9_-]+"), "safe in an address unencoded: " + after);
      assertEquals(c, QueueCursor.decode(after, Order.INFORMATIVE));
      assertEquals(c, parse("bot", null, null, "informative", after, null, null, null).after());
    }
  }

  @Test
  void eachUnusableParameterIsNamed() {
    String riskiest = new QueueCursor(Order.RISKIEST, 0.9, "t", "c").encode();
    assertEquals("after", failingField("bot", null, null, "informative", riskiest, null, null, null));
    assertEquals("after", failingField(null, null, null, null, "not a cursor!", null, null, null));
    assertEquals("after", failingField(null, null, null, null, "YWJj", null, null, null));
    assertEquals("after", failingField(null, null, null, null,
        new QueueCursor(Order.RISKIEST, Double.NaN, "t", "c").encode(), null, null, null));
    assertEquals("app", failingField(null, null, null, "informative", null, null, null, null));
    assertEquals("order", failingField(null, null, null, "newest", null, null, null, null));
    assertEquals("verdict", failingField(null, "wrong", null, null, null, null, null, null));
    assertEquals("model_version", failingField(null, null, "v2", null, null, null, null, null));
    assertEquals("since", failingField(null, null, null, null, null, "yesterday", null, null));
    assertEquals("until", failingField(null, null, null, null, null, "2026-11-29T00:00:00Z",
        "2026-11-28T00:00:00Z", null));
    assertEquals("limit", failingField(null, null, null, null, null, null, null, "1001"));
  }

  @Test
  void aLaterPageSeeksPastTheCursorInTheOrdersOwnDirection() {
    List<Object> params = new ArrayList<>();
    String riskiest = ReviewQueueRepository.sql(parse("bot", null, null, null,
        new QueueCursor(Order.RISKIEST, 0.8, "t", "c").encode(), null, null, "10"), params);
    assertTrue(riskiest.contains("e.flagged AND e.review_verdict IS NULL"), riskiest);
    assertTrue(riskiest.contains("(e.hallucination_score, e.tenant, e.call_id) < (?, ?, ?)"), riskiest);
    assertTrue(riskiest.endsWith("ORDER BY e.hallucination_score DESC, e.tenant DESC, e.call_id DESC LIMIT ?"));
    assertEquals(List.of("bot", 0.8, "t", "c", 11), params, "one row more than the page, to know a next one exists");

    params.clear();
    String informative = ReviewQueueRepository.sql(parse("bot", "unsure", null, "informative",
        new QueueCursor(Order.INFORMATIVE, 0.01, "t", "c").encode(), null, null, "10"), params);
    assertTrue(informative.contains("(abs(e.hallucination_score - e.threshold), e.tenant, e.call_id) > (?, ?, ?)"));
    assertTrue(informative.contains("ORDER BY abs(e.hallucination_score - e.threshold) ASC"), informative);
    assertEquals(List.of("unsure", "bot", 0.01, "t", "c", 11), params);
  }
}
