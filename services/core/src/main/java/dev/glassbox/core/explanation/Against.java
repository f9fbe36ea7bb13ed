package dev.glassbox.core.explanation;

import dev.glassbox.core.config.EnumIds;

/** What a call's grounding measures the response against; explanations name it by {@link #id()}. */
public enum Against {
  /** The logged context passages. */
  CONTEXT,
  /**
   * Source material found in the prompt (documents, passages, tool results; the rule is {@code PromptSources}),
   * when no context was logged; checked exactly like a context. Without either, a call has no grounding.
   */
  PROMPT;

  public String id() {
    return EnumIds.id(this);
  }
}
