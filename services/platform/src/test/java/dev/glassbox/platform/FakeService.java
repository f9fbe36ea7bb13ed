package dev.glassbox.platform;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A stand-in for a Quarkus service: {@code FakeService <port> up|down|crash} serves {@code /q/health/ready} and, as
 * Quarkus does, logs the port it bound (port 0: any free one).
 */
public final class FakeService {

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    String mode = args[1];
    System.out.println("fake service starting in mode " + mode);
    if (mode.equals("crash")) {
      System.out.println("boom: cannot start");
      System.exit(3);
    }
    HttpServer server = HttpServer.create(new InetSocketAddress("localhost", port), 0);
    server.createContext("/q/health/ready", ex -> {
      boolean up = mode.equals("up");
      byte[] body = ("{\"status\":\"" + (up ? "UP" : "DOWN") + "\"}").getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(up ? 200 : 503, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
    System.out.println("fake service started. Listening on: http://localhost:" + server.getAddress().getPort());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("fake service stopping")));
  }
}
