package dev.glassbox.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One tab of a headless Chromium driven over the DevTools protocol (a WebSocket, no driver to install): navigate,
 * evaluate, press keys, take a screenshot. Used where a page must be interacted with, not only rendered.
 */
final class DevToolsPage implements AutoCloseable {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private final Process process;
  private final Path profile;
  private final WebSocket socket;
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();

  private DevToolsPage(Process process, Path profile, String webSocketUrl) throws Exception {
    this.process = process;
    this.profile = profile;
    this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(URI.create(webSocketUrl), new Listener()).get(30, TimeUnit.SECONDS);
  }

  /** Starts Chromium with a fresh profile (removed on close) and attaches to its first tab. */
  static DevToolsPage open(String chromium) throws Exception {
    Path profile = Files.createTempDirectory("glassbox-chromium");
    Process p = new ProcessBuilder(chromium, "--headless=new", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=1280,1000", "--remote-debugging-port=0",
        "--remote-allow-origins=*", "--user-data-dir=" + profile, "about:blank")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    Path portFile = profile.resolve("DevToolsActivePort");
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!Files.exists(portFile) || Files.readAllLines(portFile).isEmpty()) {
      if (System.nanoTime() > deadline || !p.isAlive()) {
        p.destroyForcibly();
        throw new IOException("chromium did not open its DevTools port");
      }
      Thread.sleep(100);
    }
    String port = Files.readAllLines(portFile).get(0).trim();
    HttpResponse<String> targets = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
        HttpResponse.BodyHandlers.ofString());
    for (JsonNode t : Json.readTree(targets.body())) {
      if (t.get("type").asText().equals("page")) return new DevToolsPage(p, profile, t.get("webSocketDebuggerUrl").asText());
    }
    p.destroyForcibly();
    throw new IOException("chromium has no tab: " + targets.body());
  }

  /** Sends a DevTools command and returns its result. */
  JsonNode call(String method, Map<String, Object> params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    ObjectNode message = Json.mapper().createObjectNode().put("id", id).put("method", method);
    message.set("params", Json.mapper().valueToTree(params));
    socket.sendText(Json.mapper().writeValueAsString(message), true).get(30, TimeUnit.SECONDS);
    JsonNode reply = answer.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    if (reply.has("error")) throw new IOException(method + ": " + reply.get("error"));
    return reply.get("result");
  }

  void navigate(String url) throws Exception {
    call("Page.navigate", Map.of("url", url));
  }

  /** The value of a JavaScript expression in the page. */
  JsonNode evaluate(String expression) throws Exception {
    JsonNode r = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
    return r.get("result").path("value");
  }

  /** Waits until a JavaScript expression is true in the page; fails with the expression after a minute. */
  void await(String condition) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!evaluate("Boolean(" + condition + ")").asBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("the page never showed: " + condition);
      Thread.sleep(50);
    }
  }

  /** Presses and releases a letter key, as a person typing it. */
  void press(char letter) throws Exception {
    String key = String.valueOf(letter);
    String code = "Key" + Character.toUpperCase(letter);
    int virtual = Character.toUpperCase(letter);
    call("Input.dispatchKeyEvent", Map.of("type", "keyDown", "key", key, "code", code, "text", key,
        "windowsVirtualKeyCode", virtual));
    call("Input.dispatchKeyEvent", Map.of("type", "keyUp", "key", key, "code", code,
        "windowsVirtualKeyCode", virtual));
  }

  /** A PNG of the visible page. */
  byte[] screenshot() throws Exception {
    return Base64.getDecoder().decode(call("Page.captureScreenshot", Map.of("format", "png")).get("data").asText());
  }

  @Override
  public void close() throws Exception {
    socket.abort();
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

  /** Hands each command's reply (a message with its id) to the command waiting for it; events are ignored. */
  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        JsonNode message;
        try {
          message = Json.readTree(partial.toString());
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        } finally {
          partial.setLength(0);
        }
        if (message.has("id")) {
          CompletableFuture<JsonNode> f = pending.remove(message.get("id").asInt());
          if (f != null) f.complete(message);
        }
      }
      ws.request(1);
      return null;
    }
  }
}
