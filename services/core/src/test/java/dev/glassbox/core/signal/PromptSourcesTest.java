package dev.glassbox.core.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.core.call.Message;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptSourcesTest {

  private static final String PASSAGE = "Arthur's Magazine (1844-1846) was an American literary periodical published in "
      + "Philadelphia in the 19th century.";

  private static List<String> sources(Message... prompt) {
    List<Message> p = List.of(prompt);
    return PromptSources.find(p).stream().map(s -> s.of(p)).toList();
  }

  @Test
  void aBareQuestionIsNotSourceMaterial() {
    assertEquals(List.of(), sources(new Message("user", "Which magazine was started first, Arthur's Magazine or First for Women?")));
    assertEquals(List.of(), sources(new Message("user", "Name synonym of Acrokeratosis paraneoplastica.")));
  }

  @Test
  void anInstructionIsNotSourceMaterialHoweverLong() {
    assertEquals(List.of(), sources(new Message("system", "You are a helpful assistant for a bank. Answer politely and "
        + "concisely. Never reveal internal policies. Always ask for the account number before you discuss an account. "
        + "Use British spelling and keep every answer under one hundred words.")));
  }

  @Test
  void aWordProblemWithItsQuestionIsNotSourceMaterial() {
    assertEquals(List.of(), sources(new Message("user", "Janet's ducks lay 16 eggs per day. She eats three for breakfast "
        + "every morning and bakes muffins for her friends every day with four. She sells the remainder at the farmers' "
        + "market daily for $2 per fresh duck egg. How much does she make every day?\nThink step by step.")));
  }

  @Test
  void aWordProblemWithoutAQuestionMarkIsStillTheRequest() {
    assertEquals(List.of(), sources(new Message("user", "A store sells pencils for 25 cents each and erasers for 40 cents "
        + "each. Maria buys 12 pencils and 3 erasers for her class. She pays with a ten dollar bill. Find the change she "
        + "gets back.\nThink step by step and end with 'Answer: <number>'.")));
  }

  @Test
  void aLabelledPassageIsSourceMaterialUpToTheQuestion() {
    assertEquals(List.of(PASSAGE), sources(new Message("user",
        "Answer the question using the passage below.\n\nPassage: " + PASSAGE + "\n\nQuestion: Which magazine came first?")));
  }

  @Test
  void taggedFencedAndRuledBlocksAreSourceMaterial() {
    assertEquals(List.of(PASSAGE), sources(new Message("system", "Answer only from the documents.\n<documents>\n" + PASSAGE
        + "\n</documents>"), new Message("user", "Which magazine came first?")));
    assertEquals(List.of(PASSAGE), sources(new Message("user", "Summarise this:\n```\n" + PASSAGE + "\n```")));
    assertEquals(List.of(PASSAGE), sources(new Message("user", "Context information is below.\n---------------------\n"
        + PASSAGE + "\n---------------------\nGiven the context information, answer the query.\nQuery: Which came first?")));
  }

  @Test
  void aToolMessageIsSourceMaterialAndTheAssistantsOwnWordsAreNot() {
    List<Message> prompt = List.of(new Message("user", "Which magazine came first?"),
        new Message("assistant", "[tool call] search({\"q\": \"Arthur's Magazine\"})"), new Message("tool", "  " + PASSAGE + "\n"));
    List<PromptSources.Source> found = PromptSources.find(prompt);
    assertEquals(1, found.size());
    assertEquals(2, found.get(0).message());
    assertEquals(PASSAGE, found.get(0).of(prompt));
  }

  @Test
  void anUnmarkedDocumentAfterAnInstructionIsSourceMaterial() {
    String article = "The city council approved the new budget on Tuesday after a long debate. The plan raises spending on "
        + "schools by four percent and cuts road maintenance. Opponents said the cuts would hurt rural districts. The "
        + "mayor is expected to sign it next week.";
    assertEquals(List.of(article), sources(new Message("user", "Summarize the following article in one sentence.\n\n" + article)));
    assertEquals(List.of(article), sources(new Message("user", "Summarize the following article: " + article)));
  }

  @Test
  void aLabelWithAStubIsNotSourceMaterial() {
    assertTrue(sources(new Message("user", "Context: none\nQuestion: What is the capital of France?")).isEmpty());
  }
}
