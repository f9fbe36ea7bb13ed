package dev.glassbox.inference;

import java.util.List;

/**
 * One forward pass's input: the word pieces of some texts padded with zeros to the longest, row after row.
 *
 * @param rows texts in the batch
 * @param len padded length of each row
 */
public record PaddedBatch(long[] ids, long[] mask, long[] types, int rows, int len) {

  /** The texts at {@code rows} of {@code texts}, padded to the longest of them. */
  public static PaddedBatch of(List<OnnxEncoder.Tokenized> texts, List<Integer> rows) {
    int len = 0;
    for (int r : rows) len = Math.max(len, texts.get(r).ids().length);
    int b = rows.size();
    long[] ids = new long[b * len];
    long[] mask = new long[b * len];
    long[] types = new long[b * len];
    for (int k = 0; k < b; k++) {
      OnnxEncoder.Tokenized t = texts.get(rows.get(k));
      System.arraycopy(t.ids(), 0, ids, k * len, t.ids().length);
      System.arraycopy(t.mask(), 0, mask, k * len, t.mask().length);
      System.arraycopy(t.types(), 0, types, k * len, t.types().length);
    }
    return new PaddedBatch(ids, mask, types, b, len);
  }

  /** One text, unpadded. */
  static PaddedBatch single(long[] ids, long[] mask, long[] types) {
    return new PaddedBatch(ids, mask, types, 1, ids.length);
  }
}
