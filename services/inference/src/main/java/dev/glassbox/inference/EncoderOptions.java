package dev.glassbox.inference;

/**
 * How the surrogate encoder runs.
 *
 * @param maxTokens longest input in word pieces; longer texts are truncated (MiniLM was trained on 256)
 * @param batchTokens most word pieces (rows × padded length) in one forward pass
 * @param intraOpThreads ONNX Runtime intra-op threads; 0 lets it choose (one per core)
 * @param spinning whether idle ONNX Runtime threads spin; off suits a machine shared with Kafka and the JVM
 */
public record EncoderOptions(int maxTokens, int batchTokens, int intraOpThreads, boolean spinning) {
  public static final EncoderOptions DEFAULT = new EncoderOptions(256, 8192, 0, false);
}
