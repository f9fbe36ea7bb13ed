package dev.glassbox.core.prompting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReasoningParserTest {

  private static List<String> steps(String response, ReasoningChain chain) {
    return chain.steps().stream().map(s -> s.span().of(response)).toList();
  }

  @Test
  void linesBeforeAnAnswerLineAreTheSteps() {
    String r = "She has 16 - 3 = 13 eggs left\nShe sells them for 13 * 2 = $26\nAnswer: 26";
    ReasoningChain c = ReasoningParser.parse(r);
    assertEquals(List.of("She has 16 - 3 = 13 eggs left", "She sells them for 13 * 2 = $26"), steps(r, c));
    assertEquals("26", c.answer().text().of(r));
    assertEquals(26.0, c.answer().value());
    assertTrue(c.isChain());
  }

  @Test
  void numberedStepsAndAFinalAnswerSentence() {
    String r = "Step 1: 3 + 4 = 7 eggs are used.\nStep 2: 16 - 7 = 9 are sold.\nThe final answer is $18.";
    ReasoningChain c = ReasoningParser.parse(r);
    assertEquals(2, c.steps().size());
    assertEquals(18.0, c.answer().value());
    assertEquals(1, c.steps().get(1).checks().size());
  }

  @Test
  void gsm8kHashMarksTheAnswer() {
    String r = "1. He buys 2 * 3 = 6 apples.\n2. He eats 1, so 6 - 1 = 5 are left.\n#### 5";
    ReasoningChain c = ReasoningParser.parse(r);
    assertEquals(2, c.steps().size());
    assertEquals("5", c.answer().text().of(r));
  }

  @Test
  void aThinkBlockHoldsTheStepsAndWhatFollowsIsTheAnswer() {
    String r = "<think>\nThere are 12 months.\n12 * 100 = 1200 dollars a year.\n</think>\nShe saves $1,200 a year.";
    ReasoningChain c = ReasoningParser.parse(r);
    assertEquals(List.of("There are 12 months.", "12 * 100 = 1200 dollars a year."), steps(r, c));
    assertEquals(1200.0, c.answer().value());
  }

  @Test
  void oneParagraphEndingWithTheAnswerIsSplitIntoSentences() {
    String r = "Tom has 5 apples. He gets 5 + 3 = 8 apples. The answer is 8.";
    ReasoningChain c = ReasoningParser.parse(r);
    assertEquals(List.of("Tom has 5 apples.", "He gets 5 + 3 = 8 apples."), steps(r, c));
    assertEquals(8.0, c.answer().value());
  }

  @Test
  void aConcludingThereforeLineIsTheAnswerWhenNoneIsExplicit() {
    String r = "The train covers 60 * 2 = 120 km.\nTherefore, the distance is 120 km.";
    ReasoningChain c = ReasoningParser.parse(r);
    assertEquals(1, c.steps().size());
    assertEquals(120.0, c.answer().value());
  }

  @Test
  void prosePlainAnswerIsNoChain() {
    String r = "Paris is the capital of France. It lies on the Seine.";
    ReasoningChain c = ReasoningParser.parse(r);
    assertNull(c.answer());
    assertFalse(c.isChain());
  }
}
