package dev.glassbox.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.glassbox.store.CallQuery.InvalidParameterException;
import dev.glassbox.store.ReviewerVerdict.SentenceVerdict;
import jakarta.ws.rs.core.MultivaluedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReviewerVerdictTest {

  private static String refusedField(ReviewerVerdict v) {
    return assertThrows(InvalidParameterException.class, v::validate).field();
  }

  @Test
  void aVerdictIsHallucinatedCorrectOrUnsureAndEachSentenceNamesAnIndexOrOffsets() {
    new ReviewerVerdict("unsure", List.of(new SentenceVerdict(0, null, null, "correct"),
        new SentenceVerdict(null, 10, 42, "hallucinated")), "ok").validate();
    assertEquals("verdict", refusedField(new ReviewerVerdict("wrong", null, null)));
    assertEquals("verdict", refusedField(new ReviewerVerdict(null, null, null)));
    assertEquals("sentences.verdict", refusedField(new ReviewerVerdict("correct",
        List.of(new SentenceVerdict(0, null, null, "maybe")), null)));
    assertEquals("sentences", refusedField(new ReviewerVerdict("correct",
        List.of(new SentenceVerdict(0, 1, 2, "correct")), null)), "index and offsets at once");
    assertEquals("sentences", refusedField(new ReviewerVerdict("correct",
        List.of(new SentenceVerdict(null, 5, 5, "correct")), null)), "an empty span");
    assertEquals("note", refusedField(new ReviewerVerdict("correct", null, "x".repeat(4001))));
  }

  @Test
  void thePageFormNumbersSentencesFromOneAndSkipsThoseLeftWithoutAVerdict() {
    MultivaluedHashMap<String, String> form = new MultivaluedHashMap<>();
    form.add("verdict", "hallucinated");
    form.add("sentence_10", "unsure");
    form.add("sentence_3", "correct");
    form.add("sentence_1", "hallucinated");
    form.add("sentence_2", "");
    form.add("sentence_x", "correct");
    form.add("note", "  ");
    assertEquals(new ReviewerVerdict("hallucinated", List.of(new SentenceVerdict(0, null, null, "hallucinated"),
        new SentenceVerdict(2, null, null, "correct"), new SentenceVerdict(9, null, null, "unsure")), null),
        ReviewerVerdict.ofForm(form));
  }
}
