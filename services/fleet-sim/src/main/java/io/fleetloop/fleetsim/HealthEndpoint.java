package io.fleetloop.fleetsim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * {@code /readyz} and {@code /healthz} for the kubelet's probes, on the JDK's HTTP server.
 *
 * <ul>
 *   <li>{@code /readyz}: 200 once the fleet drives, 503 before (training the generation-0 policy,
 *       waiting for the release channel);
 *   <li>{@code /healthz}: 200 while starting and while the fleet completed a tick batch within
 *       {@code stuckAfter}; 503 when driving is stuck (the kubelet restarts the pod).
 * </ul>
 */
final class HealthEndpoint implements AutoCloseable {

  private final HttpServer server;
  private final Duration stuckAfter;
  private volatile FleetSim fleet;

  private HealthEndpoint(HttpServer server, Duration stuckAfter) {
    this.server = server;
    this.stuckAfter = stuckAfter;
  }

  /** Listens on {@code port} (0: a free one) on every interface. */
  static HealthEndpoint start(int port, Duration stuckAfter) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 16);
    HealthEndpoint health = new HealthEndpoint(server, stuckAfter);
    server.createContext("/readyz", ex -> health.answer(ex, health::ready));
    server.createContext("/healthz", ex -> health.answer(ex, health::healthy));
    server.setExecutor(
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "fleet-sim-health");
              t.setDaemon(true);
              return t;
            }));
    server.start();
    return health;
  }

  /** The port it listens on. */
  int port() {
    return server.getAddress().getPort();
  }

  /** From now on the probes judge {@code fleet}. */
  void driving(FleetSim fleet) {
    this.fleet = fleet;
  }

  private String ready() {
    return fleet == null ? null : "ready: " + fleet.vehicles() + " vehicles driving";
  }

  private String healthy() {
    FleetSim f = fleet;
    if (f == null) {
      return "starting";
    }
    Duration since = f.sinceLastTick();
    return since.compareTo(stuckAfter) > 0 ? null : "ok: last tick " + since.toSeconds() + " s ago";
  }

  private void answer(HttpExchange ex, Supplier<String> check) throws IOException {
    String body = check.get();
    int status = body == null ? 503 : 200;
    byte[] bytes =
        (body == null ? "not ready or stuck" : body).concat("\n").getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
