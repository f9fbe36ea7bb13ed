package dev.glassbox.core.drift;

import java.util.List;

/**
 * A user-declared concept: a name and a few example phrases, optionally phrases that are not the concept.
 *
 * @param counterExamples phrases of what the concept is not; when empty, the reference window plays that role
 */
public record Concept(String name, List<String> examples, List<String> counterExamples) {

  public Concept {
    if (name == null || name.isBlank()) throw new IllegalArgumentException("a concept needs a name");
    if (examples == null || examples.isEmpty()) {
      throw new IllegalArgumentException("concept '" + name + "' needs at least one example");
    }
    counterExamples = counterExamples == null ? List.of() : List.copyOf(counterExamples);
    examples = List.copyOf(examples);
  }
}
