package io.fleetloop.operator.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The operator's HTTP endpoint (JDK {@code com.sun.net.httpserver}):
 *
 * <ul>
 *   <li>{@code GET /healthz} — liveness: 200 while the operator has not stopped;
 *   <li>{@code GET /readyz} — readiness: 200 once the operator started and every event source
 *       (informer) is healthy, 503 with the reason otherwise;
 *   <li>{@code GET /metrics} — Prometheus text format.
 * </ul>
 */
public final class OperatorHttpServer implements AutoCloseable {

  /** A probe's answer: healthy or not, and why. */
  public record Probe(boolean ok, String detail) {
    public static Probe ok(String detail) {
      return new Probe(true, detail);
    }

    public static Probe failing(String detail) {
      return new Probe(false, detail);
    }
  }

  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  private static final String PLAIN_TEXT = "text/plain; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService executor;

  private OperatorHttpServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Starts serving on {@code host:port} (port 0: a free port). */
  public static OperatorHttpServer start(
      String host,
      int port,
      Supplier<Probe> liveness,
      Supplier<Probe> readiness,
      Supplier<String> metrics) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 16);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve health and metrics on " + host + ":" + port, e);
    }
    server.createContext("/healthz", exchange -> probe(exchange, liveness));
    server.createContext("/readyz", exchange -> probe(exchange, readiness));
    server.createContext(
        "/metrics",
        exchange -> {
          if (onlyGet(exchange)) {
            respond(exchange, 200, PROMETHEUS_TEXT, metrics.get());
          }
        });
    server.createContext("/", exchange -> respond(exchange, 404, PLAIN_TEXT, "not found\n"));
    ExecutorService executor =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "fleetloop-operator-http");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.start();
    return new OperatorHttpServer(server, executor);
  }

  /** Where the endpoint listens. */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private static void probe(HttpExchange exchange, Supplier<Probe> probe) throws IOException {
    if (!onlyGet(exchange)) {
      return;
    }
    Probe p;
    try {
      p = probe.get();
    } catch (RuntimeException e) {
      p = Probe.failing("probe failed: " + e);
    }
    respond(exchange, p.ok() ? 200 : 503, PLAIN_TEXT, p.detail() + "\n");
  }

  private static boolean onlyGet(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    if (method.equals("GET") || method.equals("HEAD")) {
      return true;
    }
    exchange.getResponseHeaders().set("Allow", "GET, HEAD");
    respond(exchange, 405, PLAIN_TEXT, "method not allowed\n");
    return false;
  }

  private static void respond(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      if (!head) {
        out.write(bytes);
      }
    }
  }
}
