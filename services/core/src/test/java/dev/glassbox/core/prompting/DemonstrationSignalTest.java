package dev.glassbox.core.prompting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.core.adapt.Adapted;
import dev.glassbox.core.adapt.OpenAiChatAdapter;
import dev.glassbox.core.call.Message;
import dev.glassbox.core.explanation.Explanation.DemonstrationView;
import dev.glassbox.core.json.Json;
import dev.glassbox.core.text.SentenceSplitter;
import dev.glassbox.core.text.Span;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemonstrationSignalTest {

  static final List<Message> PROMPT = List.of(new Message("user", """
      Q: Tom has 4 apples and buys 3 more. How many apples does he have?
      A: Tom has 4 + 3 = 7 apples.
      Answer: 7

      Q: A box holds 12 pens. Ann takes 5 pens out of it. How many pens are left?
      A: There are 12 - 5 = 7 pens left in the box after Ann takes hers.
      Answer: 7

      Q: A bus carries 40 people and 15 get off at the station. How many remain on the bus?
      A: The bus keeps 40 - 15 = 25 people on board after the station stop.
      Answer: 25

      Q: Sam reads 6 pages a day for 5 days. How many pages does he read?
      A:"""));

  private static List<DemonstrationView> views(String response) {
    List<Demonstration> demos = Demonstrations.find(PROMPT);
    List<Span> sentences = SentenceSplitter.split(response);
    List<float[]> demoVectors = new ArrayList<>();
    for (int k = 0; k < demos.size(); k++) demoVectors.add(unit(k));
    List<float[]> sentenceVectors = new ArrayList<>();
    for (int i = 0; i < sentences.size(); i++) sentenceVectors.add(unit(3));
    return DemonstrationSignal.compute(PROMPT, demos, demoVectors, response, sentences, sentenceVectors,
        Demonstrations.query(PROMPT, demos), 7);
  }

  private static float[] unit(int axis) {
    float[] v = new float[4];
    v[axis] = 1;
    return v;
  }

  @Test
  void theQueryIsTheOpenQuestionWithoutItsDemonstrations() {
    String query = Demonstrations.query(PROMPT, Demonstrations.find(PROMPT));
    assertTrue(query.contains("Sam reads 6 pages"));
    assertFalse(query.contains("Tom has"));
  }

  @Test
  void anAnswerCopiedFromADemonstrationIsNamed() {
    List<DemonstrationView> v = views("Sam reads 6 * 5 = 30 pages.\nAnswer: 25");
    assertTrue(v.get(2).copied());
    assertTrue(v.get(2).answerMatch());
    assertFalse(v.get(0).copied() || v.get(1).copied());
  }

  @Test
  void wordingCopiedFromADemonstrationIsNamed() {
    List<DemonstrationView> v = views("The bus keeps 40 - 15 = 25 people on board after the station stop.\nAnswer: 30");
    assertTrue(v.get(2).copied());
    assertEquals(1, v.stream().filter(DemonstrationView::copied).count());
  }

  @Test
  void anOwnSolutionCopiesNothing() {
    List<DemonstrationView> v = views("Sam reads 6 pages a day, so in 5 days he reads 6 * 5 = 30 pages.\nAnswer: 30");
    assertTrue(v.stream().noneMatch(DemonstrationView::copied));
  }

  @Test
  void theMajorityLabelIsReadOnlyWhereAnOutputRepeats() {
    List<Message> labels = List.of(new Message("user", "Input: great\nOutput: positive\nInput: fine\nOutput: positive\n"
        + "Input: bad\nOutput: negative\nInput: meh\nOutput:"));
    assertTrue(DemonstrationSignal.majorityLabel(labels, Demonstrations.find(labels), "positive"));
    assertFalse(DemonstrationSignal.majorityLabel(labels, Demonstrations.find(labels), "negative"));
    assertNull(DemonstrationSignal.majorityLabel(PROMPT.subList(0, 1), List.of(), "7"));
  }

  @Test
  void anOpenAiRequestWithFewShotMessagesHasDemonstrations() throws Exception {
    Adapted a = new OpenAiChatAdapter().adapt(Json.readTree("""
        {"request": {"model": "gpt-4o-mini", "messages": [
           {"role": "developer", "content": "Answer with a number."},
           {"role": "user", "content": "2 + 2?"}, {"role": "assistant", "content": "4"},
           {"role": "user", "content": "3 + 3?"}]},
         "response": {"id": "chatcmpl-1", "object": "chat.completion", "created": 1702685778, "model": "gpt-4o-mini",
           "choices": [{"index": 0, "message": {"role": "assistant", "content": "6"}, "finish_reason": "stop"}]}}
        """));
    assertTrue(a.isValid(), a.reason());
    List<Demonstration> demos = Demonstrations.find(a.call().prompt());
    assertEquals(1, demos.size());
    assertEquals("2 + 2?", demos.get(0).input(a.call().prompt()));
    assertEquals("4", demos.get(0).output(a.call().prompt()));
  }
}
