package dev.glassbox.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.core.call.Call;
import dev.glassbox.core.call.Message;
import dev.glassbox.core.prompting.Demonstration;
import dev.glassbox.core.prompting.Demonstrations;
import dev.glassbox.core.prompting.ReasoningParser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromptingSetsTest {

  private static List<Call> items() {
    List<Call> out = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      int a = 10 + i, b = 3 + i;
      out.add(new Call("p-" + i, Instant.EPOCH, "math", "reference", "default",
          List.of(new Message("user", "Kim has " + a + " stickers and gets " + b + " more. How many now?")),
          "Kim gets " + b + " more.\nShe has " + a + " + " + b + " = " + (a + b) + " stickers.\nAnswer: " + (a + b),
          List.of(), List.of(), List.of(), Map.of(), Map.of("hallucinated", false)));
    }
    return out;
  }

  @Test
  void theSetsAreTheSameForTheSameSeed() {
    assertEquals(PromptingSets.fewShot(items(), 5, 3), PromptingSets.fewShot(items(), 5, 3));
    assertEquals(PromptingSets.chains(items(), 5, 3), PromptingSets.chains(items(), 5, 3));
  }

  @Test
  void everyFewShotPromptHasThreeDemonstrationsAndTheCopyIsOfTheNamedOne() {
    for (PromptingSets.Planted p : PromptingSets.fewShot(items(), 6, 1)) {
      List<Demonstration> demos = Demonstrations.find(p.call().prompt());
      assertEquals(3, demos.size(), p.call().prompt().toString());
      if (p.copy() == PromptingSets.Copy.WORDING) {
        assertEquals(demos.get(p.copied()).output(p.call().prompt()), p.call().response());
      }
    }
  }

  @Test
  void anAlteredAnswerDiffersFromTheIntactOne() {
    List<PromptingSets.Altered> chains = PromptingSets.chains(items(), 4, 2);
    for (int i = 0; i + 1 < chains.size(); i++) {
      if (chains.get(i).alteration() != PromptingSets.Alteration.INTACT) continue;
      Call intact = chains.get(i).call();
      Call altered = chains.get(i + 1).call();
      assertEquals(PromptingSets.Alteration.ANSWER, chains.get(i + 1).alteration());
      assertNotEquals(ReasoningParser.parse(intact.response()).answer().value(),
          ReasoningParser.parse(altered.response()).answer().value());
      assertFalse(altered.response().equals(intact.response()));
    }
    assertTrue(chains.stream().anyMatch(a -> a.alteration() == PromptingSets.Alteration.STEP));
  }
}
