package dev.glassbox.core.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SentenceSplitterTest {

  @Test
  void splitsOnTerminalPunctuationFollowedByACapital() {
    assertEquals(List.of("The tower is in Paris.", "It opened in 1889!", "Was it tall?"),
        SentenceSplitter.sentences("The tower is in Paris. It opened in 1889! Was it tall?"));
  }

  @Test
  void keepsAbbreviationsInitialsAndDecimalsInsideTheSentence() {
    assertEquals(List.of("Dr. Smith met J. R. R. Tolkien in the U.S. in 1950.", "Pi is 3.14 approx."),
        SentenceSplitter.sentences("Dr. Smith met J. R. R. Tolkien in the U.S. in 1950. Pi is 3.14 approx."));
  }

  @Test
  void eachLineAndListItemIsItsOwnSentence() {
    String text = "Steps:\n1. Open the box.\n2. Take the part out.\n- A bullet\n\nLast line";
    assertEquals(List.of("Steps:", "1. Open the box.", "2. Take the part out.", "- A bullet", "Last line"),
        SentenceSplitter.sentences(text));
  }

  @Test
  void offsetsPointIntoTheOriginalTextWithoutSurroundingWhitespace() {
    String text = "  Hello there.   \"Quoted,\" he said.  ";
    List<Span> spans = SentenceSplitter.split(text);
    assertEquals(List.of(new Span(2, 14), new Span(17, 35)), spans);
    assertEquals("\"Quoted,\" he said.", spans.get(1).of(text));
  }

  @Test
  void lowerCaseAfterAPeriodDoesNotSplitAndEmptyTextHasNoSentences() {
    assertEquals(List.of("See fig. one for e.g. details."), SentenceSplitter.sentences("See fig. one for e.g. details."));
    assertEquals(List.of(), SentenceSplitter.split(""));
    assertEquals(List.of(), SentenceSplitter.split(" \n \n"));
  }

  @Test
  void closingQuotesStayWithTheirSentence() {
    assertEquals(List.of("He said \"stop.\"", "Then he left."), SentenceSplitter.sentences("He said \"stop.\" Then he left."));
  }
}
