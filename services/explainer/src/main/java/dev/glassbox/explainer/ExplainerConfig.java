package dev.glassbox.explainer;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;

/** Settings of the explainer service. */
@ConfigMapping(prefix = "glassbox.explainer")
public interface ExplainerConfig {

  /**
   * Topics to read, each {@code topic=format} with format {@code native} (call v1) or {@code openai} (logged
   * {@code {request, response}} pairs); every topic must also be listed in {@code quarkus.kafka-streams.topics}.
   */
  @WithDefault("llm.calls.v1=native")
  List<String> inputs();

  /** Hallucination score at or above which a call is flagged. */
  @WithDefault("0.5")
  double flagThreshold();

  /** Whether explanations carry the prompt and response embeddings (needed by drift and similar-call search). */
  @WithDefault("true")
  boolean includeEmbeddings();

  /** Longest encoder input in word pieces; longer texts are truncated. */
  @WithDefault("256")
  int encoderMaxTokens();

  /** Most word pieces (rows × padded length) per encoder forward pass. */
  @WithDefault("8192")
  int encoderBatchTokens();

  /** ONNX Runtime intra-op threads; 0 means one per core. */
  @WithDefault("0")
  int encoderThreads();

  /** Whether idle ONNX Runtime threads spin (faster alone on a machine, wasteful when sharing it). */
  @WithDefault("false")
  boolean encoderSpinning();

  /** Longest text (message, response, passage, sample) in characters; a longer one sends the call to the DLQ. */
  @WithDefault("200000")
  int maxTextChars();

  /** Most {@code logprobs} entries per call; more sends the call to the DLQ. */
  @WithDefault("16384")
  int maxTokens();
}
