package io.fleetloop.operator;

import static io.fleetloop.operator.testing.OperatorEnvironment.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetloop.api.common.Condition;
import io.fleetloop.api.common.ConditionTypes;
import io.fleetloop.api.common.Reasons;
import io.fleetloop.api.v1alpha1.DataTrigger;
import io.fleetloop.api.v1alpha1.HardwarePool;
import io.fleetloop.operator.testing.Fixtures;
import io.fleetloop.operator.testing.OperatorEnvironment;
import io.fleetloop.operator.testing.PrometheusText;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An unexpected exception in a reconciler (here: a trigger compiler that throws) surfaces as {@code
 * Ready=False/ReconcileError} and is retried with backoff — neither a hot loop nor a status write
 * per attempt — while the other kinds carry on.
 */
class ReconcileErrorIT {

  @RegisterExtension
  static final OperatorEnvironment env =
      new OperatorEnvironment(
          (client, settings) ->
              FleetloopOperator.start(
                  client,
                  settings,
                  condition -> {
                    throw new IllegalStateException("compiler exploded");
                  }));

  @Test
  void anExceptionBecomesReconcileErrorAndIsRetriedWithBackoff() {
    env.create(Fixtures.dataTrigger(null, "doomed", "frame.takeover"));

    eventually()
        .untilAsserted(
            () ->
                assertThat(env.condition(DataTrigger.class, "doomed", ConditionTypes.READY))
                    .get()
                    .returns(ConditionTypes.FALSE, Condition::getStatus)
                    .returns(Reasons.RECONCILE_ERROR, Condition::getReason)
                    .returns(1L, Condition::getObservedGeneration)
                    .satisfies(
                        c ->
                            assertThat(c.getMessage())
                                .contains("IllegalStateException: compiler exploded")));
    long firstError = System.nanoTime();

    // JOSDK retries (2 s, then 4 s later) ...
    eventually().until(() -> errors() >= 2);
    // ... and the unchanged error status is not written again
    env.assertNotWrittenFor(DataTrigger.class, "doomed", Duration.ofSeconds(3));
    double seconds = (System.nanoTime() - firstError) / 1e9;
    assertThat(errors())
        .as("failed reconciliations in %.1f s: backoff, not a hot loop", seconds)
        .isLessThanOrEqualTo(2 + seconds / 2);

    // the other reconcilers are unaffected
    String pool = env.poolName("gpu");
    env.create(Fixtures.gpuPool(pool, 1));
    eventually()
        .untilAsserted(
            () ->
                assertThat(env.condition(HardwarePool.class, pool, ConditionTypes.READY))
                    .get()
                    .returns(ConditionTypes.TRUE, Condition::getStatus));
  }

  private static double errors() {
    return PrometheusText.value(
        env.operator().scrapeMetrics(),
        "fleetloop_reconciles_total",
        Map.of("kind", "DataTrigger", "outcome", "error"));
  }
}
