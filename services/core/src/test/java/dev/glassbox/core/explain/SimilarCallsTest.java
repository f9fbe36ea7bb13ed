package dev.glassbox.core.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.glassbox.core.explain.SimilarCalls.Candidate;
import dev.glassbox.core.explain.SimilarCalls.Match;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimilarCallsTest {

  private static float[] v(float... x) {
    return x;
  }

  @Test
  void ranksByTheMeanOfPromptAndResponseCosine() {
    List<Candidate> cs = List.of(
        new Candidate("same-question-other-answer", v(1, 0), v(0, 1)), // (1 + 0) / 2 = 0.5
        new Candidate("alike", v(1, 0), v(1, 0)),                      // (1 + 1) / 2 = 1
        new Candidate("opposite", v(-1, 0), v(-1, 0)),                 // -1
        new Candidate("half", v(1, 1), v(1, 0)));                      // (0.7071 + 1) / 2 = 0.8536
    List<Match> top = SimilarCalls.top(v(1, 0), v(1, 0), cs, 3);
    assertEquals(List.of("alike", "half", "same-question-other-answer"), top.stream().map(Match::callId).toList());
    assertEquals(1.0, top.get(0).similarity(), 1e-9);
    assertEquals((Math.sqrt(0.5) + 1) / 2, top.get(1).similarity(), 1e-6);
    assertEquals(0.5, top.get(2).similarity(), 1e-9);
  }

  @Test
  void usesOnlyTheSidesBothHaveAndSkipsCandidatesWithNone() {
    List<Candidate> cs = List.of(new Candidate("no-vectors", null, null), new Candidate("prompt-only", v(0, 1), null),
        new Candidate("other-size", v(1, 0, 0), v(1, 0, 0)));
    List<Match> top = SimilarCalls.top(v(0, 1), v(1, 0), cs, 5);
    assertEquals(1, top.size());
    assertEquals(new Match("prompt-only", 1.0).callId(), top.get(0).callId());
    assertEquals(1.0, top.get(0).similarity(), 1e-9);
  }
}
