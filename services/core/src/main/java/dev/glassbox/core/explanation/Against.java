package dev.glassbox.core.explanation;

import dev.glassbox.core.config.EnumIds;

/** What a call's grounding measures the response against; explanations name it by {@link #id()}. */
public enum Against {
  /** The logged context passages. */
  CONTEXT,
  /** The prompt's non-assistant messages, when no context was logged. */
  PROMPT;

  public String id() {
    return EnumIds.id(this);
  }
}
