package dev.glassbox.core.prompting;

import dev.glassbox.core.call.Message;
import dev.glassbox.core.explanation.SourceRef;
import dev.glassbox.core.text.Span;
import java.util.List;

/**
 * One few-shot example found in a prompt, written {@code demo:<index>}: its input and its output, each a span of
 * a prompt message (the same message for a {@code Q:}/{@code A:} block, two messages for a user/assistant pair).
 */
public record Demonstration(int index, int inputMessage, Span input, int outputMessage, Span output) {

  public static final String PREFIX = "demo:";

  /** The segment name, {@code demo:<index>}. */
  public String segment() {
    return PREFIX + index;
  }

  public String input(List<Message> prompt) {
    return input.of(prompt.get(inputMessage).content());
  }

  public String output(List<Message> prompt) {
    return output.of(prompt.get(outputMessage).content());
  }

  /** The message the input lies in, as a source ({@code prompt:<index>}). */
  public String inputSource() {
    return SourceRef.prompt(inputMessage).format();
  }

  public String outputSource() {
    return SourceRef.prompt(outputMessage).format();
  }
}
