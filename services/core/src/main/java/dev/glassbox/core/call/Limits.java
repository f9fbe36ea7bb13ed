package dev.glassbox.core.call;

/**
 * Size limits a call must respect; a call past any of them is rejected with the field and the limit,
 * never truncated silently.
 *
 * @param maxIdChars longest accepted {@code id}
 * @param maxNameChars longest {@code app}, {@code model}, {@code tenant}, message role or passage id
 * @param maxTextChars longest single text (a message, the response, a passage, a sample, a token)
 * @param maxMessages most prompt messages
 * @param maxPassages most context passages
 * @param maxSamples most samples
 * @param maxTokens most {@code logprobs} entries
 * @param maxTopLogprobs most {@code top_logprobs} entries per token
 * @param maxDepth deepest JSON nesting accepted inside {@code attributes} and {@code labels}
 */
public record Limits(
    int maxIdChars,
    int maxNameChars,
    int maxTextChars,
    int maxMessages,
    int maxPassages,
    int maxSamples,
    int maxTokens,
    int maxTopLogprobs,
    int maxDepth) {

  /** The documented defaults. */
  public static final Limits DEFAULT = new Limits(128, 256, 200_000, 256, 64, 32, 16_384, 20, 16);
}
