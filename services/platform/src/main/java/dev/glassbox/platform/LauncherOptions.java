package dev.glassbox.platform;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The launcher's command line: {@code up|demo [--exit] [--kafka-port N] [--pg-port N] [--data-dir DIR]
 * [--fresh] [--timeout SECONDS] [--drift-window-calls N] [--bind ADDRESS]}.
 *
 * @param driftWindowCalls drift windows close after this many calls of an app and model; 0 means the drift
 *     service's hourly windows
 * @param bind the address the services' HTTP ports listen on; {@link #LOOPBACK} unless opened on purpose
 */
public record LauncherOptions(String command, boolean exit, int kafkaPort, int pgPort, Path dataDir, boolean fresh,
    Duration timeout, int driftWindowCalls, String bind) {

  /** The services listen on this machine only unless {@code --bind} says otherwise. */
  public static final String LOOPBACK = "127.0.0.1";

  /** Drift window of the demo: its 200 HaluEval calls make four windows, so three reports against the first. */
  static final int DEMO_DRIFT_WINDOW_CALLS = 50;

  public static final String USAGE = String.join("\n",
      "Usage: glassbox up | demo [--exit] [options]",
      "",
      "  up      start Kafka, PostgreSQL and the Glassbox services; run until Ctrl-C",
      "  demo    the same, then post the bundled demo calls and print what Glassbox found",
      "",
      "Options:",
      "  --exit              (demo) stop everything after the summary instead of waiting for Ctrl-C",
      "  --kafka-port N      Kafka client port (default 9092)",
      "  --pg-port N         PostgreSQL port (default 5432)",
      "  --data-dir DIR      PostgreSQL data, Kafka logs and service logs (default ./.glassbox)",
      "  --fresh             delete the stored PostgreSQL data before starting",
      "  --timeout SECONDS   (demo) how long to wait for every call to be stored (default 600)",
      "  --drift-window-calls N  drift windows of N calls per app and model instead of hourly ones",
      "                      (default: " + DEMO_DRIFT_WINDOW_CALLS + " for demo, hourly for up)",
      "  --bind ADDRESS      address the services listen on (default " + LOOPBACK + ", this machine only;",
      "                      0.0.0.0 opens them to the network: set GLASSBOX_STORE_AUTH_KEYS first)",
      "  -h, --help          this text",
      "",
      "Services listen on 8081 (ingest), 8082 (explainer), 8083 (store, UI at /), 8084 (drift).");

  /** Thrown for a command line that cannot be run; the message says what is wrong. */
  public static final class UsageException extends Exception {
    public UsageException(String message) {
      super(message);
    }
  }

  public static LauncherOptions parse(String... args) throws UsageException {
    String command = null;
    boolean exit = false, fresh = false;
    int kafkaPort = 9092, pgPort = 5432;
    Path dataDir = Path.of(".glassbox");
    Duration timeout = Duration.ofSeconds(600);
    int driftWindowCalls = -1;
    String bind = LOOPBACK;
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String name = a, value = null;
      int eq = a.indexOf('=');
      if (a.startsWith("--") && eq > 0) {
        name = a.substring(0, eq);
        value = a.substring(eq + 1);
      }
      switch (name) {
        case "-h", "--help", "help" -> {
          return new LauncherOptions("help", false, kafkaPort, pgPort, dataDir, false, timeout, 0, bind);
        }
        case "--exit" -> exit = true;
        case "--fresh" -> fresh = true;
        case "--kafka-port", "--pg-port", "--data-dir", "--timeout", "--drift-window-calls", "--bind" -> {
          if (value == null) {
            if (i + 1 >= args.length) throw new UsageException(name + " needs a value");
            value = args[++i];
          }
          switch (name) {
            case "--kafka-port" -> kafkaPort = port(name, value);
            case "--pg-port" -> pgPort = port(name, value);
            case "--data-dir" -> dataDir = Path.of(value);
            case "--drift-window-calls" -> driftWindowCalls = positive(name, value);
            case "--bind" -> bind = address(value);
            default -> timeout = Duration.ofSeconds(positive(name, value));
          }
        }
        default -> {
          if (a.startsWith("-")) throw new UsageException("unknown option " + a);
          rest.add(a);
        }
      }
    }
    if (rest.isEmpty()) throw new UsageException("missing command: up or demo");
    if (rest.size() > 1) throw new UsageException("unexpected argument " + rest.get(1));
    command = rest.get(0);
    if (!command.equals("up") && !command.equals("demo")) throw new UsageException("unknown command " + command);
    if (exit && command.equals("up")) throw new UsageException("--exit is for demo");
    if (kafkaPort == pgPort) throw new UsageException("Kafka and PostgreSQL cannot share port " + kafkaPort);
    if (driftWindowCalls < 0) driftWindowCalls = command.equals("demo") ? DEMO_DRIFT_WINDOW_CALLS : 0;
    return new LauncherOptions(command, exit, kafkaPort, pgPort, dataDir, fresh, timeout, driftWindowCalls, bind);
  }

  private static String address(String value) throws UsageException {
    if (value.isBlank() || value.chars().anyMatch(Character::isWhitespace)) {
      throw new UsageException("--bind must be an address such as 0.0.0.0, not '" + value + "'");
    }
    return value;
  }

  private static int port(String name, String value) throws UsageException {
    int p = positive(name, value);
    if (p > 65535) throw new UsageException(name + " must be a port number, not " + value);
    return p;
  }

  private static int positive(String name, String value) throws UsageException {
    try {
      int n = Integer.parseInt(value);
      if (n <= 0) throw new NumberFormatException();
      return n;
    } catch (NumberFormatException e) {
      throw new UsageException(name + " must be a positive number, not " + value);
    }
  }
}
