package dev.glassbox.core.prompting;

import dev.glassbox.core.text.Span;
import java.util.List;

/**
 * A response read as reasoning: its steps and its final answer, with offsets into the response.
 *
 * @param steps the reasoning steps, in order (inside a {@code <think>} block when there is one)
 * @param answer the final answer; null when the response states none
 */
public record ReasoningChain(List<Step> steps, Answer answer) {

  /** One step and the calculations it states. */
  public record Step(Span span, List<Arithmetic.Check> checks) {}

  /**
   * The final answer: the span of its line or sentence, the span of the answer itself inside it, and its number.
   *
   * @param value the number the answer gives (its last one); null for an answer in words
   */
  public record Answer(Span span, Span text, Double value) {}

  /** Whether the response reads as a chain: at least one step and a final answer. */
  public boolean isChain() {
    return !steps.isEmpty() && answer != null;
  }
}
