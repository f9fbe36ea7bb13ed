package dev.glassbox.platform;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Glassbox service as a child JVM that logs to its own file and is ready when {@code /q/health/ready} says so.
 * Asked for {@link Ports#ANY}, it binds port 0 and its port is the one its log reports ("Listening on: ...").
 */
public final class ServiceProcess implements AutoCloseable {

  /** How long {@link #destroy()} waits after SIGTERM before SIGKILL. */
  public static final Duration GRACE = Duration.ofSeconds(15);

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  /** Quarkus's start-up line ("... started in 2.1s. Listening on: http://0.0.0.0:8081") names the bound port. */
  private static final Pattern LISTENING = Pattern.compile("Listening on: https?://\\S*?:(\\d+)");
  /** The most of a start's log that is searched for that line. */
  private static final int MAX_START_LOG_BYTES = 4 << 20;

  private final String name;
  private final List<String> command;
  private final Map<String, String> env;
  private final int requestedPort;
  private final Path logFile;
  private Process process;
  /** The port it listens on: the requested one, or for {@link Ports#ANY} the one it reported once started. */
  private volatile int port;
  /** Where the current start's lines begin in the log file. */
  private volatile long startOffset;

  /**
   * A service run by {@code command}, listening on {@code port}; for {@link Ports#ANY} the command must make it bind
   * port 0 and log "Listening on: http://HOST:PORT".
   */
  public ServiceProcess(String name, List<String> command, Map<String, String> env, int port, Path logFile) {
    this.name = name;
    this.command = List.copyOf(command);
    this.env = Map.copyOf(env);
    this.requestedPort = port;
    this.port = port;
    this.logFile = logFile;
  }

  /**
   * The packaged Quarkus service {@code services/<name>/target/quarkus-app/quarkus-run.jar} under {@code home},
   * run offline with the given heap, port ({@link Ports#ANY}: Quarkus binds port 0) and environment.
   */
  public static ServiceProcess quarkus(Path home, String name, int port, String maxHeap, Map<String, String> env,
      Path logDir) {
    Path jar = requireJar(home, name);
    List<String> cmd = new ArrayList<>(List.of(javaExecutable(), "-Dai.djl.offline=true", "-Xmx" + maxHeap,
        "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-jar", jar.toString()));
    Map<String, String> all = new LinkedHashMap<>(env);
    all.put("QUARKUS_HTTP_PORT", Integer.toString(port));
    return new ServiceProcess(name, cmd, all, port, logDir.resolve(name + ".log"));
  }

  public static Path quarkusJar(Path home, String name) {
    return home.resolve("services").resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
  }

  /** The service's packaged jar; throws, saying how to build it, when it is missing. */
  public static Path requireJar(Path home, String name) {
    Path jar = quarkusJar(home, name);
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("service " + name + " is not built: " + jar
          + " is missing; run ./mvnw -DskipTests install (./glassbox does this when a jar is missing)");
    }
    return jar;
  }

  /** The {@code java} of the JVM running this code, so that children use the same JDK. */
  public static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * Starts the process; its stdout and stderr are appended to the log file. With {@link Ports#ANY} each start binds
   * a port of its own, known once {@link #awaitReady} returns.
   */
  public synchronized ServiceProcess start() throws IOException {
    if (process != null && process.isAlive()) throw new IllegalStateException(name + " is already running");
    Files.createDirectories(logFile.getParent());
    startOffset = Files.exists(logFile) ? Files.size(logFile) : 0;
    port = requestedPort;
    Files.writeString(logFile, "=== glassbox: starting " + name + " at " + Instant.now() + ": "
        + String.join(" ", command) + System.lineSeparator(), StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    ProcessBuilder pb = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    pb.environment().putAll(env);
    // DJL's telemetry must stay off in every JVM we start.
    pb.environment().put("OPT_OUT_TRACKING", "true");
    process = pb.start();
    return this;
  }

  /**
   * Waits until {@code /q/health/ready} answers UP (for {@link Ports#ANY}, on the port the log reports); fails early,
   * naming the log file, if the process exits.
   */
  public void awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no answer yet";
    while (System.nanoTime() < deadline) {
      Process p = process;
      if (p == null) throw new IllegalStateException(name + " was never started");
      if (!p.isAlive()) {
        throw new IllegalStateException(name + " exited with code " + p.exitValue() + " before it was ready; see "
            + logFile + ":\n" + tail(20));
      }
      if (port == Ports.ANY) port = reportedPort();
      if (port == Ports.ANY) {
        last = "no \"Listening on\" line in the log yet";
        Thread.sleep(250);
        continue;
      }
      try {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(readyUrl()))
            .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200 && r.body().contains("\"UP\"")) return;
        last = "HTTP " + r.statusCode() + " " + r.body().replaceAll("\\s+", " ");
      } catch (ConnectException e) {
        last = "connection refused";
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(name + " was not ready within " + timeout.toSeconds() + " s (last: "
        + abbreviate(last, 400) + "); see " + logFile + ":\n" + tail(20));
  }

  /** SIGTERM, then SIGKILL after {@link #GRACE}; a no-op when not running. */
  public synchronized void destroy() {
    Process p = process;
    if (p == null || !p.isAlive()) return;
    p.destroy();
    try {
      if (!p.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        System.err.println(name + " did not stop within " + GRACE.toSeconds() + " s of SIGTERM; killing it");
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** SIGKILL at once, as a crash would; for fault tests. */
  public synchronized void kill9() throws InterruptedException {
    Process p = process;
    if (p == null || !p.isAlive()) return;
    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    destroy();
  }

  public boolean isAlive() {
    Process p = process;
    return p != null && p.isAlive();
  }

  public long pid() {
    return process == null ? -1 : process.pid();
  }

  public String name() {
    return name;
  }

  /** The port it listens on; for {@link Ports#ANY}, {@code 0} until {@link #awaitReady} has found it. */
  public int port() {
    return port;
  }

  public Path logFile() {
    return logFile;
  }

  public String baseUrl() {
    return "http://localhost:" + port;
  }

  public String readyUrl() {
    return baseUrl() + "/q/health/ready";
  }

  /** The port named by the current start's "Listening on" log line, or {@link Ports#ANY} while there is none. */
  private int reportedPort() {
    try (RandomAccessFile f = new RandomAccessFile(logFile.toFile(), "r")) {
      long from = startOffset;
      byte[] buf = new byte[(int) Math.min(MAX_START_LOG_BYTES, Math.max(0, f.length() - from))];
      f.seek(from);
      f.readFully(buf);
      Matcher m = LISTENING.matcher(new String(buf, StandardCharsets.UTF_8));
      return m.find() ? Integer.parseInt(m.group(1)) : Ports.ANY;
    } catch (IOException e) {
      return Ports.ANY;
    }
  }

  /** The last {@code lines} lines of the log file, for error messages. */
  public String tail(int lines) {
    try (RandomAccessFile f = new RandomAccessFile(logFile.toFile(), "r")) {
      long len = f.length();
      long from = Math.max(0, len - 16_384);
      byte[] buf = new byte[(int) (len - from)];
      f.seek(from);
      f.readFully(buf);
      String[] all = new String(buf, StandardCharsets.UTF_8).split("\\R");
      int start = Math.max(0, all.length - lines);
      StringBuilder sb = new StringBuilder();
      for (int i = start; i < all.length; i++) sb.append("  | ").append(all[i]).append('\n');
      return sb.toString();
    } catch (IOException e) {
      return "  (cannot read " + logFile + ": " + e.getMessage() + ")\n";
    }
  }

  private static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 3) + "...";
  }
}
