package dev.glassbox.inference;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.util.PairList;
import dev.glassbox.core.verify.Verifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Word pieces of (evidence, claim) pairs as the verifier reads them: {@code [CLS] evidence [SEP] claim [SEP]}, token type
 * 0 for the first part and 1 for the claim and its [SEP], cut to {@code maxTokens} by trimming the longer part first.
 * Training and serving both tokenise here, so they cannot drift apart.
 */
public final class PairTokenizer implements AutoCloseable {

  static {
    if (System.getProperty("ai.djl.offline") == null) System.setProperty("ai.djl.offline", "true");
  }

  private final HuggingFaceTokenizer tokenizer;
  private final int maxTokens;

  public PairTokenizer(int maxTokens) {
    this.maxTokens = maxTokens;
    try (InputStream in = VerifierGraph.class.getClassLoader().getResourceAsStream(VerifierGraph.TOKENIZER_RESOURCE)) {
      if (in == null) throw new IOException(VerifierGraph.TOKENIZER_RESOURCE + " is not on the classpath");
      tokenizer = HuggingFaceTokenizer.newInstance(in, Map.of(
          "maxLength", Integer.toString(maxTokens),
          "truncation", "longest_first",
          "padding", "false"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the verifier's tokenizer from the classpath", e);
    }
  }

  public int maxTokens() {
    return maxTokens;
  }

  /** The pairs' ids, attention masks and token types, in input order. */
  public List<OnnxEncoder.Tokenized> encode(List<Verifier.Pair> pairs) {
    if (pairs.isEmpty()) return List.of();
    PairList<String, String> list = new PairList<>(pairs.size());
    for (Verifier.Pair p : pairs) list.add(p.evidence(), p.claim());
    Encoding[] enc = tokenizer.batchEncode(list, true, false);
    List<OnnxEncoder.Tokenized> out = new ArrayList<>(enc.length);
    for (Encoding e : enc) out.add(new OnnxEncoder.Tokenized(e.getIds(), e.getAttentionMask(), e.getTypeIds()));
    return out;
  }

  /** The word pieces of one pair, for tests and reports. */
  public String[] pieces(Verifier.Pair pair) {
    return tokenizer.encode(pair.evidence(), pair.claim(), true, false).getTokens();
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
