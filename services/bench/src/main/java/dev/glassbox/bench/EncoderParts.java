package dev.glassbox.bench;

import dev.glassbox.bench.BenchTable.Row;
import dev.glassbox.inference.EncoderOptions;
import dev.glassbox.inference.OnnxEncoder;
import dev.glassbox.inference.OrtBaseline;
import dev.glassbox.inference.PaddedBatch;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Parts (a) and (b): bare ONNX Runtime and the encoder on the same texts, per text class at 32 texts per call and at
 * one text per call; and the encoder under other thread and spinning settings.
 */
record EncoderParts(Bench.Sizes sizes, BenchTable table) {

  static void printTokenStats(BenchSet set, OrtBaseline ort, PrintStream out) {
    out.println("text set (word pieces, with [CLS]/[SEP], truncated at 256):");
    for (String cls : BenchSet.CLASSES) {
      int[] len = ort.tokenLengths(set.texts().get(cls));
      Arrays.sort(len);
      double mean = Arrays.stream(len).average().orElse(0);
      out.printf(Locale.ROOT, "  %-6s n=%d mean=%.1f p50=%d p95=%d max=%d%n", cls, len.length, mean,
          len[len.length / 2], len[(int) Math.min(len.length - 1, Math.round(len.length * 0.95))], len[len.length - 1]);
    }
    out.printf("  calls  n=%d%n", set.calls().size());
  }

  /** (a) and (b) on each text class at 32 texts per call, and at one text per call on short texts. */
  void run(BenchSet set, OnnxEncoder encoder, OrtBaseline ort) {
    long aTexts = 0, bTexts = 0;
    double aSec = 0, bSec = 0;
    for (String cls : BenchSet.CLASSES) {
      List<String> texts = set.texts().get(cls);
      double[] ab = compare(texts, 32, encoder, ort);
      table.add(new Row("a", "bare OrtSession", cls, "32", "threads=auto spin=off", texts.size(), ab[0], "texts/s"));
      table.add(new Row("b", "OnnxEncoder", cls, "32", "threads=auto spin=off", texts.size(), ab[1], "texts/s"));
      aTexts += texts.size();
      bTexts += texts.size();
      aSec += ab[0];
      bSec += ab[1];
    }
    table.ratio("b_over_a", (bTexts / bSec) / (aTexts / aSec));
    List<String> shortTexts = set.texts().get("short");
    double[] one = compare(shortTexts, 1, encoder, ort);
    table.add(new Row("a", "bare OrtSession", "short", "1", "threads=auto spin=off", shortTexts.size(), one[0], "texts/s"));
    table.add(new Row("b", "OnnxEncoder", "short", "1", "threads=auto spin=off", shortTexts.size(), one[1], "texts/s"));
  }

  /** Seconds for (a) and (b) on the texts cut into calls of {@code batch}; best of the run's repetitions. */
  private double[] compare(List<String> texts, int batch, OnnxEncoder encoder, OrtBaseline ort) {
    List<List<String>> chunks = chunks(texts, batch);
    List<PaddedBatch> prepared = ort.prepare(chunks);
    ort.run(prepared.subList(0, Math.min(4, prepared.size())));
    for (List<String> c : chunks.subList(0, Math.min(4, chunks.size()))) encoder.embed(c);
    double a = Double.MAX_VALUE, b = Double.MAX_VALUE;
    for (int r = 0; r < sizes.reps(); r++) {
      a = Math.min(a, ort.run(prepared) / 1e9);
      long s = System.nanoTime();
      for (List<String> c : chunks) encoder.embed(c);
      b = Math.min(b, (System.nanoTime() - s) / 1e9);
    }
    return new double[] {a, b};
  }

  /** Intra-op threads and spinning: the encoder on short texts at 32 per call, one row per setting. */
  void threadRows(BenchSet set) {
    List<String> texts = set.texts().get("short");
    List<List<String>> chunks = chunks(texts, 32);
    for (EncoderOptions o : List.of(new EncoderOptions(256, 8192, 1, false), new EncoderOptions(256, 8192, 0, true))) {
      try (OnnxEncoder e = new OnnxEncoder(o)) {
        for (List<String> c : chunks.subList(0, Math.min(4, chunks.size()))) e.embed(c);
        double best = Double.MAX_VALUE;
        for (int r = 0; r < sizes.reps(); r++) {
          long s = System.nanoTime();
          for (List<String> c : chunks) e.embed(c);
          best = Math.min(best, (System.nanoTime() - s) / 1e9);
        }
        table.add(new Row("b", "OnnxEncoder", "short", "32", "threads=" + (o.intraOpThreads() == 0 ? "auto"
            : o.intraOpThreads()) + " spin=" + (o.spinning() ? "on" : "off"), texts.size(), best, "texts/s"));
      }
    }
  }

  static <T> List<List<T>> chunks(List<T> items, int size) {
    List<List<T>> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i += size) out.add(items.subList(i, Math.min(items.size(), i + size)));
    return out;
  }
}
