package dev.glassbox.core.explanation;

import dev.glassbox.core.call.Message;
import dev.glassbox.core.call.Passage;
import java.util.List;
import java.util.Optional;

/**
 * Where a piece of source text lies in a call: a context passage, by id, or a prompt message, by index; explanations
 * write it {@code context:<id>} or {@code prompt:<index>}.
 */
public sealed interface SourceRef {

  String CONTEXT = "context:";
  String PROMPT = "prompt:";

  /** A context passage. */
  record Context(String passageId) implements SourceRef {}

  /** A prompt message. */
  record Prompt(int messageIndex) implements SourceRef {}

  static SourceRef context(String passageId) {
    return new Context(passageId);
  }

  static SourceRef prompt(int messageIndex) {
    return new Prompt(messageIndex);
  }

  /** The written form, {@code context:<id>} or {@code prompt:<index>}. */
  default String format() {
    return this instanceof Context c ? CONTEXT + c.passageId() : PROMPT + ((Prompt) this).messageIndex();
  }

  /** The whole passage or message this names in a call's prompt and context; empty when the call has none such. */
  default Optional<String> textIn(List<Message> prompt, List<Passage> context) {
    if (this instanceof Context c) {
      return context.stream().filter(p -> c.passageId().equals(p.id())).findFirst().map(Passage::text);
    }
    int index = ((Prompt) this).messageIndex();
    return index < prompt.size() ? Optional.ofNullable(prompt.get(index).content()) : Optional.empty();
  }

  /** The reference a written form names; empty for null or a form that is not one of the two. */
  static Optional<SourceRef> parse(String written) {
    if (written == null) return Optional.empty();
    if (written.startsWith(CONTEXT)) return Optional.of(context(written.substring(CONTEXT.length())));
    if (!written.startsWith(PROMPT)) return Optional.empty();
    try {
      int index = Integer.parseInt(written.substring(PROMPT.length()));
      return index < 0 ? Optional.empty() : Optional.of(prompt(index));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
