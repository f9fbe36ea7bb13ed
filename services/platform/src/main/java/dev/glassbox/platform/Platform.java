package dev.glassbox.platform;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Kafka, PostgreSQL and the chosen Glassbox services, started in dependency order and stopped in
 * reverse: the one place that knows how the pieces are wired to each other.
 */
public final class Platform implements AutoCloseable {

  /** The services in start order, with their default HTTP ports. */
  public static final Map<String, Integer> DEFAULT_SERVICES = defaultServices();

  /** The environment variable naming the address a service's HTTP port listens on. */
  static final String HTTP_HOST = "QUARKUS_HTTP_HOST";

  /** Heap per service: the explainer holds the ONNX encoder; the others are thin. */
  static final Map<String, String> HEAPS = Map.of("ingest", "256m", "explainer", "768m", "store", "384m",
      "drift", "384m");

  /**
   * What to start.
   *
   * @param home the project root (holds {@code services/})
   * @param dataDir Kafka logs ({@code kafka/}, wiped each start), PostgreSQL data ({@code pg/}) and service logs
   *     ({@code logs/})
   * @param kafkaPort Kafka's client port, or {@link Ports#ANY}
   * @param pgPort PostgreSQL's port, or {@link Ports#ANY}
   * @param services service name to HTTP port ({@link Ports#ANY}: the port the service binds), in start order
   * @param cleanPg wipe the PostgreSQL data first instead of reusing it
   * @param env extra environment per service name (its configuration, e.g. {@code GLASSBOX_DRIFT_WINDOW_CALLS})
   * @param extraTopics topics to create besides {@link dev.glassbox.kafka.Topics#ALL}
   */
  public record Settings(Path home, Path dataDir, int kafkaPort, int pgPort, Map<String, Integer> services,
      boolean cleanPg, Duration readyTimeout, Map<String, Map<String, String>> env, List<String> extraTopics) {
    public Settings {
      services = new LinkedHashMap<>(services);
      env = new LinkedHashMap<>(env);
      extraTopics = List.copyOf(extraTopics);
    }

    public Settings(Path home, Path dataDir, int kafkaPort, int pgPort, Map<String, Integer> services,
        boolean cleanPg, Duration readyTimeout) {
      this(home, dataDir, kafkaPort, pgPort, services, cleanPg, readyTimeout, Map.of(), List.of());
    }
  }

  private final Settings settings;
  /** The store's reader and admin tokens for this run (GLASSBOX_STORE_AUTH_KEYS), fresh each start. */
  private final String storeReaderToken = newToken();
  private final String storeAdminToken = newToken();
  /** The store's access keys, {@code name:role[@tenant]:token} each. */
  static final String STORE_KEYS = "GLASSBOX_STORE_AUTH_KEYS";
  /** Ingest's producer keys, {@code name:tenant:token} each. */
  static final String INGEST_KEYS = "GLASSBOX_INGEST_AUTH_KEYS";
  /** The tenant of the launcher's producer key: calls that name no tenant are this one's. */
  public static final String INGEST_TENANT = "default";
  private String ingestKey;
  private final List<ServiceProcess> services = new ArrayList<>();
  private EmbeddedKafka kafka;
  private EmbeddedPg pg;
  private volatile boolean closed;

  private Platform(Settings settings) {
    this.settings = settings;
  }

  private static Map<String, Integer> defaultServices() {
    Map<String, Integer> m = new LinkedHashMap<>();
    m.put("ingest", 8081);
    m.put("explainer", 8082);
    m.put("store", 8083);
    m.put("drift", 8084);
    return m;
  }

  /** Starts everything and waits until every service is ready; on failure stops what was started and throws. */
  public static Platform start(Settings s, Consumer<String> progress) throws Exception {
    for (String name : s.services().keySet()) {
      ServiceProcess.requireJar(s.home(), name);
    }
    // A fixed port that is taken fails at once, naming the ports; ANY ports are found as each server binds.
    List<String> busy = new ArrayList<>();
    checkFree("Kafka", s.kafkaPort(), busy);
    checkFree("PostgreSQL", s.pgPort(), busy);
    s.services().forEach((name, port) -> checkFree(name, port, busy));
    if (!busy.isEmpty()) {
      throw new IllegalStateException("ports already in use: " + String.join(", ", busy)
          + " (another Glassbox still running? stop it; Kafka's and PostgreSQL's ports can be moved with"
          + " --kafka-port and --pg-port)");
    }
    Platform p = new Platform(s);
    try {
      java.nio.file.Files.createDirectories(s.dataDir());
      p.ingestKey = SecretFile.readOrCreate(ingestKeyFile(s.dataDir()));
      long t0 = System.nanoTime();
      p.pg = EmbeddedPg.start(s.pgPort(), s.dataDir().resolve("pg"), s.cleanPg());
      progress.accept(String.format("PostgreSQL ready on port %d (%.1f s)", p.pg.port(), secondsSince(t0)));
      long t1 = System.nanoTime();
      p.kafka = EmbeddedKafka.start(s.kafkaPort(), s.dataDir().resolve("kafka"), s.extraTopics());
      progress.accept(String.format("Kafka ready at %s with topics created (%.1f s)", p.kafka.bootstrapServers(),
          secondsSince(t1)));
      long t2 = System.nanoTime();
      // Start every JVM at once and then wait: their start-up work overlaps.
      for (Map.Entry<String, Integer> e : s.services().entrySet()) {
        ServiceProcess sp = ServiceProcess.quarkus(s.home(), e.getKey(), e.getValue(),
            HEAPS.getOrDefault(e.getKey(), "384m"), p.env(e.getKey()), s.dataDir().resolve("logs"));
        p.services.add(sp.start());
      }
      for (ServiceProcess sp : p.services) {
        sp.awaitReady(s.readyTimeout());
        progress.accept(String.format("%s ready on port %d (%.1f s)", sp.name(), sp.port(), secondsSince(t2)));
      }
      return p;
    } catch (Exception | Error e) {
      p.close();
      throw e;
    }
  }

  /** The environment a service gets: where Kafka is, and for the store, the database. */
  Map<String, String> env(String service) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    env.put("OPT_OUT_TRACKING", "true");
    // Streams state lives beside the broker's logs and is wiped with them, so no state of an earlier run (or of
    // another Glassbox on this machine) is read against a fresh broker.
    env.put("GLASSBOX_STATE_DIR", settings.dataDir().resolve("kafka").resolve("streams-" + service).toString());
    // Quarkus listens on every interface by default; a service is opened to the network only when asked (--bind).
    env.put(HTTP_HOST, LauncherOptions.LOOPBACK);
    env.putAll(settings.env().getOrDefault(service, Map.of()));
    if (service.equals("ingest")) {
      // The launcher's key always; keys the settings name (e.g. a test's other tenants) come after it.
      String extra = env.get(INGEST_KEYS);
      env.put(INGEST_KEYS, "launcher:" + INGEST_TENANT + ":" + ingestKey
          + (extra == null || extra.isBlank() ? "" : "," + extra));
    }
    if (service.equals("store")) {
      // The platform's reader and admin always; keys the settings name (e.g. a test's reviewer) come after them. The
      // reader sees the launcher's producer tenant, where its calls go; only admin keys may span tenants.
      String extra = env.get(STORE_KEYS);
      env.put(STORE_KEYS, "platform-reader:reader:" + INGEST_TENANT + ":" + storeReaderToken + ",platform-admin:admin:" + storeAdminToken
          + (extra == null || extra.isBlank() ? "" : "," + extra));
      env.put("QUARKUS_DATASOURCE_JDBC_URL", pg.jdbcUrl());
      env.put("QUARKUS_DATASOURCE_USERNAME", pg.user());
      env.put("QUARKUS_DATASOURCE_PASSWORD", pg.password());
    }
    return env;
  }

  private static String newToken() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** A reader token for the store's API and pages of the launcher's tenant (Authorization: Bearer, or ?access_token=). */
  public String storeToken() {
    return storeReaderToken;
  }

  /** An admin token for the store: also DELETE /api/calls/{id} and POST /api/admin/retention. */
  public String storeAdminToken() {
    return storeAdminToken;
  }

  /** Where the launcher's producer key is kept: generated on the first start (mode 600) and reused after. */
  public static Path ingestKeyFile(Path dataDir) {
    return dataDir.resolve("ingest-key");
  }

  /** The producer key for ingest (tenant {@link #INGEST_TENANT}), sent as {@code Authorization: Bearer}. */
  public String ingestKey() {
    return ingestKey;
  }

  /** A client of ingest's {@code /v1/calls} that sends {@link #ingestKey()}. */
  public IngestClient ingestClient() {
    return ingestClient("/v1/calls");
  }

  /** A client of another ingest endpoint, e.g. {@code /v1/openai?app=x}, that sends {@link #ingestKey()}. */
  public IngestClient ingestClient(String pathAndQuery) {
    return new IngestClient(service("ingest").baseUrl(), pathAndQuery, ingestKey);
  }

  private static void checkFree(String what, int port, List<String> busy) {
    if (port != Ports.ANY && !Ports.isFree(port)) busy.add(port + " (" + what + ")");
  }

  /**
   * A port that was free a moment ago; another process may take it before it is bound, so tests pass
   * {@link Ports#ANY} instead.
   */
  public static int freePort() {
    return Ports.freePort();
  }

  static double secondsSince(long nanos) {
    return (System.nanoTime() - nanos) / 1e9;
  }

  public EmbeddedKafka kafka() {
    return kafka;
  }

  public EmbeddedPg pg() {
    return pg;
  }

  public List<ServiceProcess> services() {
    return List.copyOf(services);
  }

  public ServiceProcess service(String name) {
    return services.stream().filter(s -> s.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("service " + name + " was not started"));
  }

  public Settings settings() {
    return settings;
  }

  /** True once {@link #close()} has begun: services exiting after that is expected. */
  public boolean isClosed() {
    return closed;
  }

  /** Stops the services (all at once, each SIGTERM then SIGKILL after a grace period), then Kafka, then PostgreSQL. */
  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    List<Thread> stoppers = new ArrayList<>();
    for (ServiceProcess sp : services) {
      Thread t = new Thread(sp::destroy, "stop-" + sp.name());
      t.start();
      stoppers.add(t);
    }
    for (Thread t : stoppers) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (kafka != null) kafka.close();
    if (pg != null) pg.close();
  }
}
