package dev.glassbox.bench;

import dev.glassbox.core.explanation.Explanation;
import dev.glassbox.inference.EncoderOptions;
import dev.glassbox.inference.OnnxEncoder;
import dev.glassbox.inference.OrtBaseline;
import dev.glassbox.platform.GlassboxHome;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code glassbox bench}: one table per run, every part measured in this run on the same fixed texts and
 * calls: (a) bare ONNX Runtime, (b) the encoder, (c) {@code glassbox score}, (d) the explainer service on a
 * real broker, (e) the store's writes next to {@code COPY}, (f) end-to-end latency at half the explainer's
 * measured maximum, and the explainer's memory; then the ratios, one per line.
 */
public final class Bench {

  /** Run sizes: {@code --quick} keeps a run under two minutes, the default under ten. */
  record Sizes(int textsPerClass, int calls, int explainerCalls, int latencySeconds, int reps) {
    static final Sizes QUICK = new Sizes(128, 100, 150, 10, 1);
    static final Sizes FULL = new Sizes(512, 400, 600, 30, 2);
  }

  private final Sizes sizes;
  private final PrintStream out;
  private final BenchTable table = new BenchTable();

  Bench(Sizes sizes, PrintStream out) {
    this.sizes = sizes;
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    if (System.getProperty("ai.djl.offline") == null) System.setProperty("ai.djl.offline", "true");
    // Kafka's clients and broker log every config at INFO: hundreds of lines around the one table.
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    boolean quick = false;
    boolean encoderOnly = false;
    Path in = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--encoder-only" -> encoderOnly = true;
        case "--in" -> in = Path.of(args[++i]);
        case "-h", "--help" -> {
          System.out.println("Usage: glassbox bench [--quick] [--encoder-only] [--in calls.jsonl]\n"
              + "  --quick         small sizes (under 2 minutes); default sizes take under 10 minutes\n"
              + "  --encoder-only  only parts a-c (no Kafka, PostgreSQL or services)\n"
              + "  --in FILE       call v1 JSONL to draw texts and calls from"
              + " (default ../shared/data/halueval-qa.dev.jsonl beside the project)");
          return;
        }
        default -> {
          System.err.println("glassbox bench: unknown option " + args[i] + " (see --help)");
          System.exit(2);
        }
      }
    }
    Path home = GlassboxHome.find();
    if (in == null) in = home.resolve("../shared/data/halueval-qa.dev.jsonl").normalize();
    if (!Files.isReadable(in)) {
      System.err.println("glassbox bench: cannot read " + in + " (pass --in calls.jsonl)");
      System.exit(2);
    }
    Bench bench = new Bench(quick ? Sizes.QUICK : Sizes.FULL, System.out);
    System.exit(bench.run(home, in, encoderOnly));
  }

  int run(Path home, Path in, boolean encoderOnly) throws Exception {
    long t0 = System.nanoTime();
    BenchSet set = BenchSet.load(in, sizes.textsPerClass(), sizes.calls(), 42);
    out.printf(Locale.ROOT, "glassbox bench (%s): %s, seed 42, %d cores%n", sizes == Sizes.QUICK ? "quick" : "full",
        in.getFileName(), Runtime.getRuntime().availableProcessors());
    EncoderParts encoderParts = new EncoderParts(sizes, table);
    List<Explanation> explanations;
    try (OnnxEncoder encoder = new OnnxEncoder(EncoderOptions.DEFAULT);
        OrtBaseline ort = new OrtBaseline(encoder, EncoderOptions.DEFAULT)) {
      EncoderParts.printTokenStats(set, ort, out);
      encoderParts.run(set, encoder, ort);
      explanations = new ScorePart(sizes, table).run(set, encoder, ort);
    }
    encoderParts.threadRows(set);
    if (!encoderOnly) new ServicePart(sizes, table, out).run(home, set, explanations);
    table.print(out);
    out.printf(Locale.ROOT, "(run took %.0f s)%n", (System.nanoTime() - t0) / 1e9);
    table.printRatios(out);
    return 0;
  }
}
