package dev.glassbox.inference;

/**
 * How the surrogate encoder runs.
 *
 * @param maxTokens longest input in word pieces; longer texts are truncated (MiniLM was trained on 256)
 * @param batchTokens most word pieces (rows × padded length) in one forward pass; small passes are fastest for the
 *     int8 model on a CPU (its activations are quantised per pass, and padding costs): 128 gave 3.2× the calls/s of
 *     8192 in {@code glassbox score} on HaluEval, with the same quality figures
 * @param intraOpThreads ONNX Runtime intra-op threads; 0 lets it choose (one per core)
 * @param spinning whether idle ONNX Runtime threads spin; off suits a machine shared with Kafka and the JVM
 * @param device {@code cpu}, {@code gpu} (ONNX Runtime's CUDA provider, device 0; the CPU with a warning when there
 *     is none) or {@code auto} (CUDA when it works, else the CPU with an info line)
 */
public record EncoderOptions(int maxTokens, int batchTokens, int intraOpThreads, boolean spinning, String device) {
  public static final EncoderOptions DEFAULT = new EncoderOptions(256, 128, 0, false, "cpu");

  public EncoderOptions {
    if (!java.util.Set.of("cpu", "gpu", "auto").contains(device)) {
      throw new IllegalArgumentException("encoder device '" + device + "': use cpu, gpu or auto");
    }
  }

  /** On the CPU, the default device. */
  public EncoderOptions(int maxTokens, int batchTokens, int intraOpThreads, boolean spinning) {
    this(maxTokens, batchTokens, intraOpThreads, spinning, "cpu");
  }
}
