package dev.glassbox.core.explanation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.core.call.Message;
import dev.glassbox.core.call.Passage;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SourceRefTest {

  @Test
  void aReferenceIsWrittenAsExplanationsHaveAlwaysWrittenIt() {
    assertEquals("context:kb-17", SourceRef.context("kb-17").format());
    assertEquals("prompt:2", SourceRef.prompt(2).format());
  }

  @Test
  void theWrittenFormReadsBackAsTheSameReference() {
    assertEquals(Optional.of(SourceRef.context("kb:17")), SourceRef.parse("context:kb:17"));
    assertEquals(Optional.of(SourceRef.prompt(0)), SourceRef.parse("prompt:0"));
  }

  @Test
  void aFormThatIsNotOneOfOursNamesNothing() {
    for (String bad : new String[] {null, "", "kb-17", "prompt:", "prompt:x", "prompt:-1", "samples:0"}) {
      assertTrue(SourceRef.parse(bad).isEmpty(), String.valueOf(bad));
    }
  }

  @Test
  void aReferenceFindsItsTextInTheCallOrNothing() {
    List<Message> prompt = List.of(new Message("system", "Be brief."), new Message("user", "Where?"));
    List<Passage> context = List.of(new Passage("kb-1", "Paris."));
    assertEquals(Optional.of("Where?"), SourceRef.prompt(1).textIn(prompt, context));
    assertEquals(Optional.of("Paris."), SourceRef.context("kb-1").textIn(prompt, context));
    assertTrue(SourceRef.prompt(2).textIn(prompt, context).isEmpty());
    assertTrue(SourceRef.context("kb-2").textIn(prompt, context).isEmpty());
  }
}
