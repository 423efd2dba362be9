package io.fleetloop.operator;

import static io.fleetloop.operator.testing.OperatorEnvironment.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetloop.api.common.ConditionTypes;
import io.fleetloop.api.v1alpha1.DataTrigger;
import io.fleetloop.operator.testing.Fixtures;
import io.fleetloop.operator.testing.OperatorEnvironment;
import io.fleetloop.operator.testing.PrometheusText;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OperatorEndpointsIT {

  @RegisterExtension static final OperatorEnvironment env = new OperatorEnvironment();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void healthAndReadinessAreServed() throws Exception {
    assertThat(get("/healthz")).returns(200, HttpResponse::statusCode);
    eventually().until(() -> get("/readyz").statusCode() == 200);
    assertThat(env.operator().isReady()).isTrue();
    assertThat(get("/nothing-here").statusCode()).isEqualTo(404);
  }

  @Test
  void metricsCountReconcilesAndConditionTransitions() throws Exception {
    env.create(Fixtures.dataTrigger(null, "metered", "frame.takeover"));
    eventually()
        .until(() -> env.condition(DataTrigger.class, "metered", ConditionTypes.READY).isPresent());

    eventually()
        .untilAsserted(
            () -> {
              String metrics = get("/metrics").body();
              assertThat(
                      PrometheusText.value(
                          metrics,
                          "fleetloop_reconciles_total",
                          Map.of("kind", "DataTrigger", "outcome", "updated")))
                  .isGreaterThanOrEqualTo(1);
              assertThat(
                      PrometheusText.value(
                          metrics,
                          "fleetloop_condition_transitions_total",
                          Map.of(
                              "kind", "DataTrigger",
                              "type", "Ready",
                              "status", "True",
                              "reason", "Compiled")))
                  .isEqualTo(1);
              // JOSDK's own metrics (micrometer-support) and the JVM's
              assertThat(metrics)
                  .contains("operator_sdk_reconciliations_started_total")
                  .contains("jvm_memory_used_bytes");
            });
    assertThat(get("/metrics").headers().firstValue("Content-Type"))
        .get()
        .asString()
        .startsWith("text/plain");
  }

  private HttpResponse<String> get(String path) throws Exception {
    var address = env.operator().httpAddress().orElseThrow();
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + address.getPort() + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
