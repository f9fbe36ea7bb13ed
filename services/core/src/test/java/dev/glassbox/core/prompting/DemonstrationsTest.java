package dev.glassbox.core.prompting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.core.call.Message;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemonstrationsTest {

  private static List<String> pairs(List<Message> prompt) {
    return Demonstrations.find(prompt).stream().map(d -> d.segment() + " " + d.input(prompt) + " => " + d.output(prompt))
        .toList();
  }

  @Test
  void userAssistantPairsBeforeTheLastUserMessageAreDemonstrations() {
    List<Message> prompt = List.of(new Message("system", "Classify the sentiment."),
        new Message("user", "I loved it"), new Message("assistant", "positive"),
        new Message("user", "Terrible service"), new Message("assistant", "negative"),
        new Message("user", "Not bad at all"));
    assertEquals(List.of("demo:0 I loved it => positive", "demo:1 Terrible service => negative"), pairs(prompt));
    Demonstration d = Demonstrations.find(prompt).get(1);
    assertEquals("prompt:3", d.inputSource());
    assertEquals("prompt:4", d.outputSource());
  }

  @Test
  void qAndABlocksInOneMessageAreDemonstrationsAndTheOpenQuestionIsNot() {
    String text = "Q: What is 2 + 2?\nA: 4\n\nQ: What is 3 + 5?\nA: 8\n\nQ: What is 7 + 1?\nA:";
    assertEquals(List.of("demo:0 What is 2 + 2? => 4", "demo:1 What is 3 + 5? => 8"),
        pairs(List.of(new Message("user", text))));
  }

  @Test
  void inputOutputLabelsWork() {
    String text = "Translate to French.\nInput: cat\nOutput: chat\nInput: dog\nOutput: chien\nInput: bird\nOutput:";
    assertEquals(List.of("demo:0 cat => chat", "demo:1 dog => chien"), pairs(List.of(new Message("user", text))));
  }

  @Test
  void exampleBlocksWithArrowsOrALastLineWork() {
    String arrows = "Example 1: sunny -> warm\nExample 2: snowy -> cold\n\nNow: rainy";
    assertEquals(List.of("demo:0 sunny => warm", "demo:1 snowy => cold"), pairs(List.of(new Message("system", arrows))));
    String lines = "Example 1:\nTom has 2 apples and buys 3.\n5\nExample 2:\nAnn has 4 pens and loses 1.\n3";
    assertEquals(List.of("demo:0 Tom has 2 apples and buys 3. => 5", "demo:1 Ann has 4 pens and loses 1. => 3"),
        pairs(List.of(new Message("user", lines))));
  }

  @Test
  void exampleBlocksLabelledInsideUseTheirLabels() {
    String text = "Example 1\nQuestion: 6 / 2?\nAnswer: 3\nExample 2\nQuestion: 9 / 3?\nAnswer: 3\n\nQuestion: 8 / 4?";
    assertEquals(List.of("demo:0 6 / 2? => 3", "demo:1 9 / 3? => 3"), pairs(List.of(new Message("user", text))));
  }

  @Test
  void aPlainQuestionHasNoDemonstrations() {
    assertTrue(Demonstrations.find(List.of(new Message("user", "What is the capital of France?"))).isEmpty());
  }
}
