package dev.glassbox.core.explanation;

/** What a call's grounding measures the response against; explanations name it by {@link #id()}. */
public enum Against {
  /** The logged context passages. */
  CONTEXT("context"),
  /** The prompt's non-assistant messages, when no context was logged. */
  PROMPT("prompt");

  private final String id;

  Against(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }
}
