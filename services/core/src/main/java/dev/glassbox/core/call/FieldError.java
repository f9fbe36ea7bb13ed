package dev.glassbox.core.call;

/** One reason a record was rejected: the JSON path of the field (e.g. {@code logprobs[3].logprob}) and why. */
public record FieldError(String path, String reason) {
  @Override
  public String toString() {
    return path + ": " + reason;
  }
}
