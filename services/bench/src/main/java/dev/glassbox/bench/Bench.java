package dev.glassbox.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.cli.ScoreCommand;
import dev.glassbox.core.encode.Encoder;
import dev.glassbox.core.explain.CallExplainer;
import dev.glassbox.core.explain.ExplainerSettings;
import dev.glassbox.core.explanation.Explanation;
import dev.glassbox.core.json.Json;
import dev.glassbox.inference.EncoderOptions;
import dev.glassbox.inference.OnnxEncoder;
import dev.glassbox.kafka.KafkaClients;
import dev.glassbox.kafka.Topics;
import dev.glassbox.platform.GlassboxHome;
import dev.glassbox.platform.Platform;
import dev.glassbox.store.ExplanationRows;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.postgresql.ds.PGSimpleDataSource;

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

  /** One line of the table. */
  record Row(String part, String what, String set, String batch, String config, long n, double seconds, String unit) {
    double rate() {
      return seconds <= 0 ? 0 : n / seconds;
    }
  }

  private final Sizes sizes;
  private final PrintStream out;
  private final List<Row> rows = new ArrayList<>();
  private final Map<String, Double> ratios = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();

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
    List<Explanation> explanations;
    try (OnnxEncoder encoder = new OnnxEncoder(EncoderOptions.DEFAULT);
        OrtBaseline ort = new OrtBaseline(encoder, EncoderOptions.DEFAULT)) {
      printTokenStats(set, ort);
      encoderParts(set, encoder, ort);
      explanations = scorePart(set, encoder, ort);
    }
    threadRows(set);
    if (!encoderOnly) servicePart(home, set, explanations);
    printTable();
    out.printf(Locale.ROOT, "(run took %.0f s)%n", (System.nanoTime() - t0) / 1e9);
    ratios.forEach((k, v) -> out.printf(Locale.ROOT, "ratio %s %.3f%n", k, v));
    return 0;
  }

  private void printTokenStats(BenchSet set, OrtBaseline ort) {
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
  private void encoderParts(BenchSet set, OnnxEncoder encoder, OrtBaseline ort) throws Exception {
    long aTexts = 0, bTexts = 0;
    double aSec = 0, bSec = 0;
    for (String cls : BenchSet.CLASSES) {
      List<String> texts = set.texts().get(cls);
      double[] ab = compare(texts, 32, encoder, ort);
      rows.add(new Row("a", "bare OrtSession", cls, "32", "threads=auto spin=off", texts.size(), ab[0], "texts/s"));
      rows.add(new Row("b", "OnnxEncoder", cls, "32", "threads=auto spin=off", texts.size(), ab[1], "texts/s"));
      aTexts += texts.size();
      bTexts += texts.size();
      aSec += ab[0];
      bSec += ab[1];
    }
    ratios.put("b_over_a", (bTexts / bSec) / (aTexts / aSec));
    List<String> shortTexts = set.texts().get("short");
    double[] one = compare(shortTexts, 1, encoder, ort);
    rows.add(new Row("a", "bare OrtSession", "short", "1", "threads=auto spin=off", shortTexts.size(), one[0], "texts/s"));
    rows.add(new Row("b", "OnnxEncoder", "short", "1", "threads=auto spin=off", shortTexts.size(), one[1], "texts/s"));
  }

  /** Seconds for (a) and (b) on the texts cut into calls of {@code batch}; best of the run's repetitions. */
  private double[] compare(List<String> texts, int batch, OnnxEncoder encoder, OrtBaseline ort) throws Exception {
    List<List<String>> chunks = chunks(texts, batch);
    List<OrtBaseline.Prepared> prepared = ort.prepare(chunks);
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

  static <T> List<List<T>> chunks(List<T> items, int size) {
    List<List<T>> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i += size) out.add(items.subList(i, Math.min(items.size(), i + size)));
    return out;
  }

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
   * (c) {@code glassbox score}'s own loop ({@link ScoreCommand#score}) on the set's calls, 32 calls per
   * batch and one call per batch; (a) again on exactly the texts score asked the encoder for.
   */
  private List<Explanation> scorePart(BenchSet set, OnnxEncoder encoder, OrtBaseline ort) throws Exception {
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
      rows.add(new Row("c", "score calls", "calls", "32 calls", "threads=auto spin=off", t.explained(), best, "calls/s"));
      rows.add(new Row("c", "score encoder texts", "calls", "32 calls", "threads=auto spin=off", texts, best, "texts/s"));
      CountingEncoder perCall = new CountingEncoder(encoder, false);
      ScoreCommand.Totals one = ScoreCommand.score(file, new CallExplainer(perCall, ExplainerSettings.DEFAULT), 1, true,
          e -> { }, quiet, null);
      rows.add(new Row("c", "score calls", "calls", "1 call", "threads=auto spin=off", one.explained(), one.seconds(),
          "calls/s"));
      rows.add(new Row("c", "score encoder texts", "calls", "1 call", "threads=auto spin=off", perCall.texts.get(),
          one.seconds(), "texts/s"));
      ratios.put("cross_call_over_per_call", one.seconds() / best);
      List<OrtBaseline.Prepared> prepared = ort.prepare(recorder.recorded);
      long recordedTexts = recorder.recorded.stream().mapToLong(List::size).sum();
      double a = Double.MAX_VALUE;
      for (int r = 0; r < sizes.reps(); r++) a = Math.min(a, ort.run(prepared) / 1e9);
      rows.add(new Row("a", "bare OrtSession", "score's texts", "as score", "threads=auto spin=off", recordedTexts, a,
          "texts/s"));
      ratios.put("c_over_a", (texts / best) / (recordedTexts / a));
      return explanations;
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** Intra-op threads and spinning: the encoder on short texts at 32 per call, one row per setting. */
  private void threadRows(BenchSet set) throws Exception {
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
        rows.add(new Row("b", "OnnxEncoder", "short", "32", "threads=" + (o.intraOpThreads() == 0 ? "auto"
            : o.intraOpThreads()) + " spin=" + (o.spinning() ? "on" : "off"), texts.size(), best, "texts/s"));
      }
    }
  }

  /** (d), (f), memory and (e): Kafka, PostgreSQL, the explainer and the store started as in {@code glassbox up}. */
  private void servicePart(Path home, BenchSet set, List<Explanation> explanations) throws Exception {
    Path dataDir = Files.createTempDirectory("glassbox-bench");
    Map<String, Integer> services = new LinkedHashMap<>();
    services.put("explainer", Platform.freePort());
    services.put("store", Platform.freePort());
    out.println("starting Kafka, PostgreSQL, explainer and store (logs in " + dataDir.resolve("logs") + ")...");
    try (Platform p = Platform.start(new Platform.Settings(home, dataDir, Platform.freePort(), Platform.freePort(),
        services, true, Duration.ofMinutes(3)), line -> out.println("  " + line))) {
      long pid = p.service("explainer").pid();
      RssSampler rss = new RssSampler(pid);
      rss.start();
      try (KafkaProducer<String, String> producer = producer(p.kafka().bootstrapServers());
          KafkaConsumer<String, String> consumer = consumer(p.kafka().bootstrapServers())) {
        List<TopicPartition> parts = consumer.partitionsFor(Topics.EXPLANATIONS).stream()
            .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
        consumer.assign(parts);
        consumer.seekToEnd(parts);
        parts.forEach(consumer::position);
        // Warm-up: JIT and the first forward passes, not counted.
        Map<String, Long> warm = sendAll(producer, set, "warm-", 40);
        await(consumer, warm.keySet(), Duration.ofMinutes(2), new HashMap<>());
        Map<String, Long> sent = sendAll(producer, set, "d-", sizes.explainerCalls());
        long start = sent.values().stream().mapToLong(Long::longValue).min().orElseThrow();
        Map<String, Long> seen = new HashMap<>();
        await(consumer, sent.keySet(), Duration.ofMinutes(5), seen);
        long end = seen.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        Row d = new Row("d", "explainer service", "calls", "per call", "1 stream thread, EOS", sent.size(),
            (end - start) / 1e9, "calls/s");
        rows.add(d);
        double half = d.rate() / 2;
        latency(p, producer, consumer, set, half);
      } finally {
        rss.stop();
      }
      notes.add(String.format(Locale.ROOT, "explainer RSS under load: peak sampled %.0f MB, VmHWM %.0f MB (pid %d,"
          + " one model per process)", rss.peakKb / 1024.0, rss.hwmKb() / 1024.0, pid));
      rows.add(new Row("mem", "explainer VmRSS peak", "under load", "-", "-Xmx768m", Math.round(rss.peakKb / 1024.0), 0,
          "MB"));
      storePart(p, explanations);
    } finally {
      try {
        deleteQuietly(dataDir);
      } catch (Exception ignored) {
        // scratch data; the OS cleans temp folders
      }
    }
  }

  /** (f): calls at {@code rate}/s for the run's duration; latency to the explanation on the topic and to the row. */
  private void latency(Platform p, KafkaProducer<String, String> producer, KafkaConsumer<String, String> consumer,
      BenchSet set, double rate) throws Exception {
    int n = (int) Math.max(10, Math.round(rate * sizes.latencySeconds()));
    Map<String, Long> sentNanos = new ConcurrentHashMap<>();
    Map<String, Long> sentMillis = new ConcurrentHashMap<>();
    Map<String, Long> seen = new HashMap<>();
    AtomicBoolean failed = new AtomicBoolean();
    Thread sender = new Thread(() -> {
      long interval = (long) (1e9 / rate);
      long begin = System.nanoTime();
      for (int i = 0; i < n; i++) {
        long due = begin + i * interval;
        long wait = due - System.nanoTime();
        if (wait > 0) sleepNanos(wait);
        String id = "f-" + i;
        sentMillis.put(id, System.currentTimeMillis());
        sentNanos.put(id, System.nanoTime());
        producer.send(new ProducerRecord<>(Topics.CALLS, id, withId(set, i, id)), (m, e) -> {
          if (e != null) failed.set(true);
        });
      }
      producer.flush();
    }, "bench-sender");
    sender.start();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) ids.add("f-" + i);
    await(consumer, new java.util.HashSet<>(ids), Duration.ofSeconds(sizes.latencySeconds() + 120L), seen);
    sender.join();
    if (failed.get()) throw new IllegalStateException("producing the latency calls failed");
    double[] topic = new double[n];
    for (int i = 0; i < n; i++) topic[i] = (seen.get(ids.get(i)) - sentNanos.get(ids.get(i))) / 1e6;
    Arrays.sort(topic);
    String cfg = String.format(Locale.ROOT, "%.1f calls/s", rate);
    rows.add(new Row("f", "latency p50 to topic", "calls", "-", cfg, n, pct(topic, 0.50) / 1000, "ms"));
    rows.add(new Row("f", "latency p99 to topic", "calls", "-", cfg, n, pct(topic, 0.99) / 1000, "ms"));
    // The row's stored_at is the store transaction's start (now()); it lags the commit by the batch write.
    Map<String, Long> stored = waitForRows(p, ids, Duration.ofSeconds(60));
    if (stored.size() == n) {
      double[] row = new double[n];
      for (int i = 0; i < n; i++) row[i] = stored.get(ids.get(i)) - sentMillis.get(ids.get(i));
      Arrays.sort(row);
      rows.add(new Row("f", "latency p50 to PG row", "calls", "-", cfg, n, pct(row, 0.50) / 1000, "ms"));
      rows.add(new Row("f", "latency p99 to PG row", "calls", "-", cfg, n, pct(row, 0.99) / 1000, "ms"));
    } else {
      notes.add("only " + stored.size() + " of " + n + " latency calls reached PostgreSQL within 60 s");
    }
  }

  private static double pct(double[] sorted, double q) {
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  }

  private static Map<String, Long> waitForRows(Platform p, List<String> ids, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, Long> out = new HashMap<>();
    try (Connection c = p.pg().connect();
        PreparedStatement ps = c.prepareStatement("SELECT call_id, (extract(epoch from stored_at) * 1000)::bigint"
            + " FROM explanations WHERE call_id = ANY (?)")) {
      ps.setArray(1, c.createArrayOf("text", ids.toArray()));
      while (System.nanoTime() < deadline) {
        out.clear();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) out.put(rs.getString(1), rs.getLong(2));
        }
        if (out.size() == ids.size()) break;
        Thread.sleep(500);
      }
    }
    return out;
  }

  /** (e): the explanations (c) made, through the store's repository and through COPY, best of the run's repetitions. */
  private void storePart(Platform p, List<Explanation> explanations) throws Exception {
    List<ExplanationRows> rowsToWrite = explanations.stream().map(ExplanationRows::of).toList();
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(p.pg().jdbcUrl());
    ds.setUser(p.pg().user());
    ds.setPassword(p.pg().password());
    StoreLoad load = new StoreLoad(ds);
    // PostgreSQL refuses COPY into tables under forced row-level security for any role it applies to; the limit is
    // measured as the superuser, which bypasses it (the repository's upserts pass the policies, as the store's do).
    PGSimpleDataSource superuser = new PGSimpleDataSource();
    superuser.setUrl(p.pg().jdbcUrl());
    superuser.setUser("postgres");
    superuser.setPassword("postgres");
    StoreLoad copyLoad = new StoreLoad(superuser);
    int batch = 100;
    load.repository(rowsToWrite.subList(0, Math.min(20, rowsToWrite.size())), batch);
    load.delete(rowsToWrite);
    double repo = Double.MAX_VALUE, copy = Double.MAX_VALUE;
    for (int r = 0; r < Math.max(2, sizes.reps()); r++) {
      repo = Math.min(repo, load.repository(rowsToWrite, batch) / 1e9);
      check(load, rowsToWrite, "repository");
      load.delete(rowsToWrite);
      copy = Math.min(copy, copyLoad.copy(rowsToWrite, batch) / 1e9);
      check(load, rowsToWrite, "COPY");
      load.delete(rowsToWrite);
    }
    long sentences = rowsToWrite.stream().mapToLong(x -> x.sentences().size()).sum();
    long tokens = rowsToWrite.stream().mapToLong(x -> x.tokens().size()).sum();
    String what = String.format("%d calls, +%d sentence, %d token rows", rowsToWrite.size(), sentences, tokens);
    rows.add(new Row("e", "ExplanationRepository", what, "100", "upserts, 1 txn/batch", rowsToWrite.size(), repo,
        "expl/s"));
    rows.add(new Row("e", "COPY (limit)", what, "100", "COPY as superuser, 1 txn/batch", rowsToWrite.size(), copy, "expl/s"));
    ratios.put("store_over_copy", copy / repo);
  }

  private static void check(StoreLoad load, List<ExplanationRows> rows, String how) throws Exception {
    long n = load.count("explanations", rows);
    if (n != rows.size()) throw new IllegalStateException(how + " stored " + n + " of " + rows.size() + " explanations");
  }

  private Map<String, Long> sendAll(KafkaProducer<String, String> producer, BenchSet set, String prefix, int n)
      throws Exception {
    Map<String, Long> sent = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      String id = prefix + i;
      sent.put(id, System.nanoTime());
      producer.send(new ProducerRecord<>(Topics.CALLS, id, withId(set, i, id)));
    }
    producer.flush();
    return sent;
  }

  /** The set's call {@code i} (cycling) as JSON with a new id, so every produced call is a distinct call. */
  private static String withId(BenchSet set, int i, String id) {
    try {
      ObjectNode node = (ObjectNode) Json.readTree(set.callLines().get(i % set.callLines().size()));
      node.put("id", id);
      return node.toString();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads explanations until every id in {@code ids} was seen; records when each was first seen (nanoTime). */
  private static void await(KafkaConsumer<String, String> consumer, java.util.Set<String> ids, Duration timeout,
      Map<String, Long> seen) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int found = 0;
    for (String id : ids) if (seen.containsKey(id)) found++;
    while (found < ids.size()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("only " + found + " of " + ids.size() + " explanations arrived within "
            + timeout.toSeconds() + " s");
      }
      for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(50))) {
        if (ids.contains(r.key()) && seen.putIfAbsent(r.key(), System.nanoTime()) == null) found++;
      }
    }
  }

  private static KafkaProducer<String, String> producer(String bootstrap) {
    Properties p = KafkaClients.reliableProducer(bootstrap, "glassbox-bench", Duration.ofSeconds(30));
    p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }

  private static KafkaConsumer<String, String> consumer(String bootstrap) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1000");
    return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
  }

  /** Samples a process's VmRSS from {@code /proc} every 200 ms and keeps the peak. */
  static final class RssSampler {
    final long pid;
    volatile long peakKb;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private Thread thread;

    RssSampler(long pid) {
      this.pid = pid;
    }

    void start() {
      thread = new Thread(() -> {
        while (running.get()) {
          peakKb = Math.max(peakKb, statusKb(pid, "VmRSS"));
          sleepNanos(200_000_000L);
        }
      }, "bench-rss");
      thread.setDaemon(true);
      thread.start();
    }

    long hwmKb() {
      return statusKb(pid, "VmHWM");
    }

    void stop() throws InterruptedException {
      running.set(false);
      thread.join();
    }
  }

  /** A {@code kB} field of {@code /proc/<pid>/status}; 0 when unreadable. */
  static long statusKb(long pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith(field + ":")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    } catch (Exception e) {
      // not Linux, or the process is gone
    }
    return 0;
  }

  private static void sleepNanos(long nanos) {
    try {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void deleteQuietly(Path dir) throws java.io.IOException {
    try (var walk = Files.walk(dir)) {
      for (Path x : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(x);
    }
  }

  private void printTable() {
    out.println();
    String fmt = "%-4s %-24s %-40s %-9s %-24s %7s %9s %10s %-8s%n";
    out.printf(Locale.ROOT, fmt, "part", "what", "set", "batch", "config", "n", "seconds", "value", "unit");
    for (Row r : rows) {
      String value = switch (r.unit()) {
        case "ms" -> String.format(Locale.ROOT, "%.0f", r.seconds() * 1000);
        case "MB" -> Long.toString(r.n());
        default -> String.format(Locale.ROOT, "%.1f", r.rate());
      };
      out.printf(Locale.ROOT, fmt, r.part(), r.what(), r.set(), r.batch(), r.config(),
          r.unit().equals("MB") ? "-" : Long.toString(r.n()),
          r.unit().equals("ms") || r.unit().equals("MB") ? "-" : String.format(Locale.ROOT, "%.2f", r.seconds()),
          value, r.unit());
    }
    for (String n : notes) out.println("note: " + n);
  }
}
