package dev.glassbox.platform;

import dev.glassbox.kafka.Topics;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code glassbox up} and {@code glassbox demo}: the whole of Glassbox on one machine, with embedded
 * Kafka and PostgreSQL in this JVM and each service as a child process.
 */
public final class Launcher {

  private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

  private Launcher() {}

  public static void main(String[] args) {
    LauncherOptions o;
    try {
      o = LauncherOptions.parse(args);
    } catch (LauncherOptions.UsageException e) {
      System.err.println("glassbox: " + e.getMessage());
      System.err.println(LauncherOptions.USAGE);
      System.exit(2);
      return;
    }
    if (o.command().equals("help")) {
      System.out.println(LauncherOptions.USAGE);
      return;
    }
    System.exit(run(o, System.out));
  }

  static int run(LauncherOptions o, PrintStream out) {
    Path dataDir = o.dataDir().toAbsolutePath().normalize();
    Path logs = dataDir.resolve("logs");
    configureLogging(logs);
    Path home;
    try {
      home = GlassboxHome.find();
      Files.createDirectories(logs);
    } catch (Exception e) {
      System.err.println("glassbox: " + e.getMessage());
      return 1;
    }
    out.println("Starting Glassbox (data in " + dataDir + ", logs in " + logs + ")...");
    long t0 = System.nanoTime();
    Platform platform;
    try {
      platform = Platform.start(settings(o, home, dataDir), line -> out.println("  " + line));
    } catch (Exception e) {
      System.err.println("glassbox: could not start: " + e.getMessage());
      System.err.println("Logs: " + logs);
      return 1;
    }
    CountDownLatch stopped = stopOnShutdown(platform, out);
    out.printf("Glassbox is up (%.1f s).%n", Platform.secondsSince(t0));
    printEndpoints(platform, out);

    int code = 0;
    if (o.command().equals("demo")) {
      code = runDemo(platform, o.timeout(), out);
      if (o.exit()) return code; // main's System.exit runs the shutdown hook, which stops everything
    }
    watchServices(platform, out);
    out.println();
    out.println("Press Ctrl-C to stop.");
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return code;
  }

  /**
   * The launcher's fixed ports, the default services, the address they listen on and, when asked, the drift
   * service's count windows.
   */
  static Platform.Settings settings(LauncherOptions o, Path home, Path dataDir) {
    Map<String, Map<String, String>> env = new LinkedHashMap<>();
    for (String service : Platform.DEFAULT_SERVICES.keySet()) {
      env.put(service, new LinkedHashMap<>(Map.of(Platform.HTTP_HOST, o.bind())));
    }
    if (o.driftWindowCalls() > 0) {
      env.get("drift").put("GLASSBOX_DRIFT_WINDOW_CALLS", Integer.toString(o.driftWindowCalls()));
    }
    return new Platform.Settings(home, dataDir, o.kafkaPort(), o.pgPort(), Platform.DEFAULT_SERVICES, o.fresh(),
        READY_TIMEOUT, env, List.of());
  }

  /** Stops the platform when the JVM exits (Ctrl-C or System.exit); the latch opens once it has stopped. */
  private static CountDownLatch stopOnShutdown(Platform platform, PrintStream out) {
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      out.println();
      out.println("Stopping Glassbox...");
      platform.close();
      out.println("Stopped.");
      stopped.countDown();
    }, "glassbox-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    return stopped;
  }

  /** Runs the demo and prints its summary; returns the exit code: 1 when it failed or gave up waiting. */
  private static int runDemo(Platform platform, Duration timeout, PrintStream out) {
    try {
      Demo demo = new Demo(platform, out);
      Demo.Summary s = demo.run(DemoData.load(), timeout);
      demo.print(s);
      return s.complete() ? 0 : 1;
    } catch (Exception e) {
      System.err.println("glassbox: the demo failed: " + e.getMessage());
      return 1;
    }
  }

  static void printEndpoints(Platform p, PrintStream out) {
    String ingest = p.service("ingest").baseUrl();
    String store = p.service("store").baseUrl();
    out.println();
    out.println("  ingest      POST " + ingest + "/v1/calls   (call v1 JSON, a JSON array, or NDJSON)");
    out.println("              POST " + ingest + "/v1/openai  (logged OpenAI {request, response} pairs)");
    out.println("              POST " + ingest + "/v1/traces  (OTLP/HTTP JSON spans: GenAI or OpenInference)");
    out.println("              with -H 'Authorization: Bearer " + p.ingestKey() + "' (producer key of tenant "
        + Platform.INGEST_TENANT + ", kept in " + Platform.ingestKeyFile(p.settings().dataDir()) + "), e.g.");
    out.println("              curl -s -X POST " + ingest + "/v1/calls -H 'Authorization: Bearer " + p.ingestKey()
        + "' -H 'Content-Type: application/json' \\");
    out.println("                -d '{\"id\":\"c-1\",\"timestamp\":\"" + java.time.Instant.now().truncatedTo(
        java.time.temporal.ChronoUnit.SECONDS) + "\",\"app\":\"support-bot\",\"model\":\"m\",\"prompt\":\"Hi\","
        + "\"response\":\"Hello.\"}'");
    out.println("  store UI    " + store + "/?access_token=" + p.storeToken() + "   (sets a cookie for later pages)");
    out.println("  store API   " + store + "/api/calls?flagged=true&limit=20   " + store + "/api/calls/{id}   "
        + store + "/api/stats   " + store + "/api/drift");
    out.println("              with -H 'Authorization: Bearer " + p.storeToken() + "' (reader; admin: "
        + p.storeAdminToken() + ")");
    for (ServiceProcess sp : p.services()) {
      out.printf("  %-11s %s   (log: %s)%n", sp.name(), sp.readyUrl(), sp.logFile());
    }
    out.println("  Kafka       " + p.kafka().bootstrapServers() + "   topics " + String.join(", ", Topics.ALL));
    out.println("  PostgreSQL  " + p.pg().jdbcUrl() + "   user " + p.pg().user() + ", password in "
        + p.pg().passwordFile());
  }

  /** Says once, on the console, when a service exits while the platform should be running. */
  private static void watchServices(Platform p, PrintStream out) {
    Thread t = new Thread(() -> {
      Set<String> reported = new HashSet<>();
      while (true) {
        for (ServiceProcess sp : p.services()) {
          if (!p.isClosed() && !sp.isAlive() && reported.add(sp.name())) {
            out.println(sp.name() + " has exited; the rest keeps running. See " + sp.logFile());
          }
        }
        try {
          Thread.sleep(2000);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "glassbox-watch");
    t.setDaemon(true);
    t.start();
  }

  /** Broker and PostgreSQL logs go to a file; the console is for the launcher's own lines. */
  private static void configureLogging(Path logs) {
    try {
      Files.createDirectories(logs);
    } catch (Exception ignored) {
      // reported when the platform starts
    }
    setIfAbsent("org.slf4j.simpleLogger.logFile", logs.resolve("platform.log").toString());
    setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "info");
    setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
    setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
    setIfAbsent("ai.djl.offline", "true");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) System.setProperty(key, value);
  }
}
