package dev.glassbox.core.prompting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.core.explanation.Explanation.Reasoning;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReasoningSignalTest {

  static final String QUERY = "Janet's ducks lay 16 eggs per day. She eats three for breakfast and bakes muffins with four. "
      + "She sells the remainder for $2 per egg. How much does she make every day?";
  static final String RIGHT = "She uses 3 + 4 = 7 eggs\nShe has 16 - 7 = 9 eggs left\nShe makes 9 * 2 = $18\nAnswer: 18";

  @Test
  void aRightChainChecksOutStepByStep() {
    Reasoning r = ReasoningSignal.compute(RIGHT, QUERY, List.of());
    assertEquals(List.of("supported", "supported", "supported"), r.steps().stream().map(s -> s.verdict()).toList());
    assertEquals(18.0, r.answer().value());
    assertTrue(r.answerSupported());
    assertTrue(r.answerFollows());
    assertEquals(0.0, r.arithmeticErrors());
    assertEquals(0.0, r.unusedSourceNumbers());
    assertNull(r.agreement());
  }

  @Test
  void aWrongSumAndANumberFromNowhereAreEachNamed() {
    String wrong = "She uses 3 + 4 = 8 eggs\nShe sells 16 - 5 = 11 eggs\nAnswer: 22";
    Reasoning r = ReasoningSignal.compute(wrong, QUERY, List.of());
    assertEquals("miscalculated", r.steps().get(0).verdict());
    assertEquals("ungrounded", r.steps().get(1).verdict());
    assertEquals(List.of("5"), r.steps().get(1).ungroundedNumbers());
    assertFalse(r.answerSupported());
    assertFalse(r.answerFollows());
    assertEquals(0.5, r.arithmeticErrors());
  }

  @Test
  void samplesVoteOnTheAnswerAndTheIntermediateResults() {
    String other = "She has 16 - 3 = 13 eggs\n13 * 2 = 26\nAnswer: 26";
    Reasoning r = ReasoningSignal.compute(RIGHT, QUERY, List.of(RIGHT, other, "Answer: 18"));
    assertEquals(2.0 / 3, r.agreement(), 1e-9);
    // 7 and 9 are stated by one sample of three, 18 by two.
    assertEquals((1.0 / 3 + 1.0 / 3 + 2.0 / 3) / 3, r.intermediateAgreement(), 1e-9);
  }

  @Test
  void anAnswerReachedOnlyBeforeTheLastStepDoesNotFollow() {
    String r = "She uses 3 + 4 = 7 eggs\nShe sells the rest for 9 * 2 = $18\nAnswer: 7";
    Reasoning chain = ReasoningSignal.compute(r, QUERY, List.of());
    assertTrue(chain.answerSupported());
    assertFalse(chain.answerFollows());
  }

  @Test
  void proseIsNotAChain() {
    assertNull(ReasoningSignal.compute("Paris is the capital of France.", "Where is Paris?", List.of()));
  }
}
