package dev.glassbox.bench;

import dev.glassbox.bench.BenchTable.Row;
import dev.glassbox.cli.ScoreCommand;
import dev.glassbox.core.encode.Encoder;
import dev.glassbox.core.explain.CallExplainer;
import dev.glassbox.core.explain.ExplainerSettings;
import dev.glassbox.core.explanation.Explanation;
import dev.glassbox.core.signal.HallucinationModel;
import dev.glassbox.core.verify.Verifier;
import dev.glassbox.inference.EncoderOptions;
import dev.glassbox.inference.OnnxEncoder;
import dev.glassbox.inference.OnnxVerifier;
import dev.glassbox.inference.OrtBaseline;
import dev.glassbox.inference.PaddedBatch;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Part (c): {@code glassbox score} on the set's calls, cross-call and per call, against (a) on the same texts. */
record ScorePart(Bench.Sizes sizes, BenchTable table) {

  /** An encoder that counts (and optionally records) what it is asked to embed. */
  static final class CountingEncoder implements Encoder {
    final Encoder inner;
    final List<List<String>> recorded;
    final AtomicLong texts = new AtomicLong();

    CountingEncoder(Encoder inner, boolean record) {
      this.inner = inner;
      this.recorded = record ? new ArrayList<>() : null;
    }

    @Override
    public String modelName() {
      return inner.modelName();
    }

    @Override
    public int dimension() {
      return inner.dimension();
    }

    @Override
    public float[][] embed(List<String> t) {
      count(t);
      return inner.embed(t);
    }

    /** Forwarded, so that score measured through this wrapper also gets (and pays for) the token vectors. */
    @Override
    public Encoded[] encode(List<String> t, boolean[] withTokens) {
      count(t);
      return inner.encode(t, withTokens);
    }

    private void count(List<String> t) {
      texts.addAndGet(t.size());
      if (recorded != null) recorded.add(List.copyOf(t));
    }
  }

  /**
   * (c) score's loop once more with the trained verifier on (uncached, so every pair is run), and its calls/s as a
   * share of the best run without it (issue 17's target: at least 1/3).
   */
  private void verified(Path file, OnnxEncoder encoder, double bestWithout, PrintStream quiet) throws Exception {
    try (Verifier verifier = new OnnxVerifier(EncoderOptions.DEFAULT)) {
      ScoreCommand.Totals v = ScoreCommand.score(file, new CallExplainer(encoder, ExplainerSettings.DEFAULT,
          HallucinationModel.bundled(), verifier), 32, true, e -> { }, quiet, null);
      table.add(new Row("c", "score calls, verifier on", "calls", "32 calls", "threads=auto spin=off", v.explained(),
          v.seconds(), "calls/s"));
      table.ratio("verifier_on_over_off", bestWithout / v.seconds());
    }
  }

  /**
   * (c) {@code glassbox score}'s own loop ({@link ScoreCommand#score}) on the set's calls, 32 calls per
   * batch and one call per batch; (a) again on exactly the texts score asked the encoder for.
   */
  List<Explanation> run(BenchSet set, OnnxEncoder encoder, OrtBaseline ort) throws Exception {
    Path file = Files.createTempFile("glassbox-bench-calls", ".jsonl");
    try {
      Files.write(file, set.callLines(), StandardCharsets.UTF_8);
      PrintStream quiet = new PrintStream(java.io.OutputStream.nullOutputStream());
      List<Explanation> explanations = new ArrayList<>();
      CountingEncoder recorder = new CountingEncoder(encoder, true);
      ScoreCommand.score(file, new CallExplainer(recorder, ExplainerSettings.DEFAULT), 32, true, explanations::add,
          quiet, null);
      double best = Double.MAX_VALUE;
      long texts = 0;
      ScoreCommand.Totals t = null;
      for (int r = 0; r < sizes.reps(); r++) {
        CountingEncoder counter = new CountingEncoder(encoder, false);
        ScoreCommand.Totals run = ScoreCommand.score(file, new CallExplainer(counter, ExplainerSettings.DEFAULT), 32,
            true, e -> { }, quiet, null);
        if (run.seconds() < best) {
          best = run.seconds();
          texts = counter.texts.get();
          t = run;
        }
      }
      table.add(new Row("c", "score calls", "calls", "32 calls", "threads=auto spin=off", t.explained(), best, "calls/s"));
      table.add(new Row("c", "score encoder texts", "calls", "32 calls", "threads=auto spin=off", texts, best, "texts/s"));
      CountingEncoder perCall = new CountingEncoder(encoder, false);
      ScoreCommand.Totals one = ScoreCommand.score(file, new CallExplainer(perCall, ExplainerSettings.DEFAULT), 1, true,
          e -> { }, quiet, null);
      table.add(new Row("c", "score calls", "calls", "1 call", "threads=auto spin=off", one.explained(), one.seconds(),
          "calls/s"));
      table.add(new Row("c", "score encoder texts", "calls", "1 call", "threads=auto spin=off", perCall.texts.get(),
          one.seconds(), "texts/s"));
      table.ratio("cross_call_over_per_call", one.seconds() / best);
      verified(file, encoder, best, quiet);
      List<PaddedBatch> prepared = ort.prepare(recorder.recorded);
      long recordedTexts = recorder.recorded.stream().mapToLong(List::size).sum();
      double a = Double.MAX_VALUE;
      for (int r = 0; r < sizes.reps(); r++) a = Math.min(a, ort.run(prepared) / 1e9);
      table.add(new Row("a", "bare OrtSession", "score's texts", "as score", "threads=auto spin=off", recordedTexts, a,
          "texts/s"));
      table.ratio("c_over_a", (texts / best) / (recordedTexts / a));
      return explanations;
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
