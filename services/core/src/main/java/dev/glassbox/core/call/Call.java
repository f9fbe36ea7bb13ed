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

  /**
   * The attribute holding a call's explicit revision, a whole number >= 0: a re-sent call with the same tenant and id
   * but other content replaces the stored one only with a greater revision (absent counts as 0).
   */
  public static final String REVISION_ATTRIBUTE = "revision";

  public Call {
    prompt = List.copyOf(prompt);
    context = context == null ? List.of() : List.copyOf(context);
    logprobs = logprobs == null ? List.of() : List.copyOf(logprobs);
    samples = samples == null ? List.of() : List.copyOf(samples);
    attributes = attributes == null ? Map.of() : attributes;
    labels = labels == null ? Map.of() : labels;
    tenant = tenant == null ? DEFAULT_TENANT : tenant;
  }

  /** This call as {@code tenant}'s. */
  public Call withTenant(String tenant) {
    return new Call(id, timestamp, app, model, tenant, prompt, response, context, logprobs, samples, attributes,
        labels);
  }

  /** This call's explicit revision ({@link #REVISION_ATTRIBUTE}), 0 when it names none. */
  public long revision() {
    return revisionOf(attributes);
  }

  /** The revision {@code attributes} name, 0 when none; a value that is not a whole number counts as none. */
  public static long revisionOf(Map<String, ?> attributes) {
    Object r = attributes == null ? null : attributes.get(REVISION_ATTRIBUTE);
    if (r instanceof Integer || r instanceof Long || r instanceof Short) return Math.max(0, ((Number) r).longValue());
    return 0;
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
