package dev.glassbox.inference;

/**
 * The engine-facing side of the bundled encoder: runs its graph on padded batches and hands back plain arrays.
 * Tokenising, bucketing, pooling and normalising stay engine-free in {@link OnnxEncoder}, so a second engine (another
 * runtime, or a training engine) implements this interface and no caller changes; {@link OnnxRuntimeEngine} is the one
 * today and the only encoder class that sees ONNX Runtime or DJL engine types.
 */
interface EncoderEngine extends AutoCloseable {

  /** The last hidden state of every row, flattened as {@code [rows][len][dimension]}. */
  float[] hiddenStates(PaddedBatch batch);

  /**
   * The self-attention of a one-row batch: per layer, per head, {@code [n][n]} (rows are softmax distributions).
   * An engine may set up what this needs on first use.
   */
  float[][][][] attentionHeads(PaddedBatch one);

  /** Frees the engine; no pass may be running (the encoder's lifecycle lock sees to that). */
  @Override
  void close();
}
