package dev.glassbox.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.glassbox.store.CallQuery.InvalidParameterException;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The body of {@code POST /api/calls/{id}/verdicts}: a reviewer's verdict on the call, optionally per sentence (by
 * index into the explanation's sentences, or by character offsets into the response), and a note.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReviewerVerdict(String verdict, List<SentenceVerdict> sentences, String note) {

  /** The verdicts a reviewer may give. */
  static final Set<String> VERDICTS = Set.of("hallucinated", "correct", "unsure");
  /** Longest note kept, in characters. */
  static final int MAX_NOTE = 4000;

  /** One sentence's verdict: {@code index}, or {@code start} and {@code end}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SentenceVerdict(Integer index, Integer start, Integer end, String verdict) {}

  /**
   * The verdict of the call page's form: {@code verdict}, {@code note}, and {@code sentence_<number>} (1-based, as
   * the page numbers sentences) for each sentence given one.
   */
  static ReviewerVerdict ofForm(MultivaluedMap<String, String> form) {
    List<SentenceVerdict> sentences = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : form.entrySet()) {
      if (!e.getKey().matches("sentence_[1-9][0-9]{0,5}") || e.getValue().isEmpty()) continue;
      String value = e.getValue().get(0);
      if (value == null || value.isBlank()) continue;
      sentences.add(new SentenceVerdict(Integer.parseInt(e.getKey().substring("sentence_".length())) - 1, null, null,
          value));
    }
    sentences.sort(Comparator.comparing(SentenceVerdict::index));
    String note = form.getFirst("note");
    return new ReviewerVerdict(form.getFirst("verdict"), sentences.isEmpty() ? null : sentences,
        note == null || note.isBlank() ? null : note);
  }

  /** Throws {@link InvalidParameterException} naming the field when the verdict cannot be stored. */
  void validate() {
    check(verdict, "verdict");
    if (note != null && note.length() > MAX_NOTE) {
      throw new InvalidParameterException("note", "note must be at most " + MAX_NOTE + " characters");
    }
    if (sentences == null) return;
    for (SentenceVerdict s : sentences) {
      if (s == null) throw new InvalidParameterException("sentences", "sentences must not hold null");
      check(s.verdict(), "sentences.verdict");
      boolean byIndex = s.index() != null && s.index() >= 0;
      boolean byOffsets = s.start() != null && s.end() != null && 0 <= s.start() && s.start() < s.end();
      if (byIndex == byOffsets) {
        throw new InvalidParameterException("sentences",
            "each sentence names either its index (>= 0) or its start and end offsets (start < end)");
      }
    }
  }

  private static void check(String value, String field) {
    if (value == null || !VERDICTS.contains(value)) {
      throw new InvalidParameterException(field, field + " must be hallucinated, correct or unsure");
    }
  }
}
