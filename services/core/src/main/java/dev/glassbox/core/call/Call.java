package dev.glassbox.core.call;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One logged LLM call in the call v1 contract; {@code labels} is ground truth for evaluation only.
 *
 * @param id idempotency key, 1–128 characters
 * @param timestamp when the call was made
 * @param prompt the prompt messages; a plain-string prompt becomes one {@code user} message
 * @param context retrieved passages, empty when none were logged
 * @param logprobs per-token log-probabilities of the response, empty when not logged
 * @param samples further responses to the same prompt, empty when not logged
 */
public record Call(
    String id,
    Instant timestamp,
    String app,
    String model,
    String tenant,
    List<Message> prompt,
    String response,
    List<Passage> context,
    List<TokenLogprob> logprobs,
    List<String> samples,
    Map<String, Object> attributes,
    Map<String, Object> labels) {

  public static final String DEFAULT_TENANT = "default";

  public Call {
    prompt = List.copyOf(prompt);
    context = context == null ? List.of() : List.copyOf(context);
    logprobs = logprobs == null ? List.of() : List.copyOf(logprobs);
    samples = samples == null ? List.of() : List.copyOf(samples);
    attributes = attributes == null ? Map.of() : attributes;
    labels = labels == null ? Map.of() : labels;
    tenant = tenant == null ? DEFAULT_TENANT : tenant;
  }

  /** All prompt message contents joined by blank lines, as a reader would see them. */
  public String promptText() {
    StringBuilder sb = new StringBuilder();
    for (Message m : prompt) {
      if (sb.length() > 0) sb.append("\n\n");
      sb.append(m.content());
    }
    return sb.toString();
  }

  public boolean hasContext() {
    return !context.isEmpty();
  }

  public boolean hasLogprobs() {
    return !logprobs.isEmpty();
  }

  public boolean hasSamples() {
    return !samples.isEmpty();
  }
}
