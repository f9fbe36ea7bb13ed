package dev.glassbox.cli;

import dev.glassbox.core.call.BodySplitter;
import dev.glassbox.core.call.Call;
import dev.glassbox.core.call.CallCodec;
import dev.glassbox.core.explain.AttributionSettings;
import dev.glassbox.core.explain.CallExplainer;
import dev.glassbox.core.explain.ExplainerSettings;
import dev.glassbox.core.explain.Explanation;
import dev.glassbox.core.explain.ExplanationCodec;
import dev.glassbox.inference.EncoderOptions;
import dev.glassbox.inference.OnnxEncoder;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code glassbox score}: explains a JSONL file of calls offline with the same code as the explainer service. */
@Command(name = "score", mixinStandardHelpOptions = true,
    description = "Explain every call of a call v1 JSONL file; write one explanation v1 JSON line per call.")
public final class ScoreCommand implements Callable<Integer> {

  @Option(names = "--in", required = true, description = "call v1 JSONL file")
  Path in;

  @Option(names = "--out", required = true, description = "explanation v1 JSONL file to write")
  Path out;

  @Option(names = "--batch", defaultValue = "32", description = "calls per encoder batch (default: ${DEFAULT-VALUE})")
  int batch;

  @Option(names = "--threshold", defaultValue = "0.5", description = "flag threshold (default: ${DEFAULT-VALUE})")
  double threshold;

  @Option(names = "--no-embeddings", description = "leave prompt/response vectors out of the output")
  boolean noEmbeddings;

  @Option(names = "--no-progress", description = "no progress bar")
  boolean noProgress;

  @Option(names = "--attribute", defaultValue = "flagged",
      description = "which calls get an attribution: all, flagged (flagged + a 10%% sample) or off (default: ${DEFAULT-VALUE})")
  String attribute;

  @Option(names = "--attribution-method", defaultValue = "contextcite",
      description = "contextcite, shapley or leave-one-out (default: ${DEFAULT-VALUE})")
  String method;

  /** Counts of one scoring run. */
  public record Totals(long lines, long explained, long skipped, double seconds, long encoderTexts) {
    double callsPerSecond() {
      return seconds == 0 ? 0 : explained / seconds;
    }
  }

  @Override
  public Integer call() throws Exception {
    if (!Files.isReadable(in)) {
      System.err.println("glassbox score: cannot read " + in);
      return 2;
    }
    ExplainerSettings settings;
    try {
      settings = new ExplainerSettings(threshold, !noEmbeddings,
          AttributionSettings.DEFAULT.withMode(attribute).withMethod(method));
    } catch (IllegalArgumentException e) {
      System.err.println("glassbox score: " + e.getMessage());
      return 2;
    }
    Totals t;
    try (OnnxEncoder encoder = new OnnxEncoder(EncoderOptions.DEFAULT);
        BufferedWriter writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      CallExplainer explainer = new CallExplainer(encoder, settings);
      t = score(in, explainer, batch, noProgress, e -> {
        try {
          writer.write(ExplanationCodec.encodeString(e));
          writer.write('\n');
        } catch (IOException ex) {
          throw new java.io.UncheckedIOException(ex);
        }
      }, System.err, null);
    }
    System.err.printf(Locale.ROOT, "explained %d of %d calls (%d skipped) in %.1f s: %.1f calls/s, %.1f encoder texts/s%n",
        t.explained(), t.lines(), t.skipped(), t.seconds(), t.callsPerSecond(), t.encoderTexts() / Math.max(t.seconds(), 1e-9));
    System.out.printf(Locale.ROOT, "throughput %.1f calls/s%n", t.callsPerSecond());
    return t.explained() == 0 && t.lines() > 0 ? 1 : 0;
  }

  /**
   * Streams calls from a JSONL file through the explainer in batches; a bad line is reported on
   * {@code log} with its line number and skipped. When {@code keepCalls} is given, every scored call is put there by id.
   */
  public static Totals score(Path in, CallExplainer explainer, int batchSize, boolean quiet, Consumer<Explanation> sink,
      PrintStream log, Map<String, Call> keepCalls) throws IOException {
    CallCodec codec = new CallCodec();
    long total = countLines(in);
    long lines = 0, explained = 0, skipped = 0, texts = 0;
    long start = System.nanoTime();
    List<Call> batch = new ArrayList<>(batchSize);
    try (BufferedReader reader = Files.newBufferedReader(in, StandardCharsets.UTF_8);
        ProgressBar bar = quiet ? null : new ProgressBarBuilder().setTaskName("score").setInitialMax(total)
            .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(log))
            .setUnit(" calls", 1).showSpeed().build()) {
      String line;
      int lineNo = 0;
      while ((line = reader.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) continue;
        lines++;
        BodySplitter.Item item = BodySplitter.parseLine(0, lineNo, line);
        CallCodec.Decoded d = item.parsed() ? codec.decode(item.json()) : null;
        if (d == null || !d.isValid()) {
          skipped++;
          log.println("line " + lineNo + ": skipped: " + (d == null ? item.error().reason() : d.reason()));
          if (bar != null) bar.step();
          continue;
        }
        batch.add(d.call());
        if (keepCalls != null) keepCalls.put(d.call().id(), d.call());
        if (batch.size() >= batchSize) {
          for (Explanation e : explainer.explainAll(batch)) {
            sink.accept(e);
            texts += e.encoderPasses();
          }
          explained += batch.size();
          if (bar != null) bar.stepBy(batch.size());
          batch.clear();
        }
      }
      if (!batch.isEmpty()) {
        for (Explanation e : explainer.explainAll(batch)) {
          sink.accept(e);
          texts += e.encoderPasses();
        }
        explained += batch.size();
        if (bar != null) bar.stepBy(batch.size());
      }
    }
    return new Totals(lines, explained, skipped, (System.nanoTime() - start) / 1e9, texts);
  }

  private static long countLines(Path in) throws IOException {
    try (var s = Files.lines(in, StandardCharsets.UTF_8)) {
      return s.filter(l -> !l.isBlank()).count();
    }
  }
}
