package io.fleetloop.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetloop.api.common.ConditionTypes;
import io.fleetloop.api.v1alpha1.DataTrigger;
import io.fleetloop.api.v1alpha1.TrainingRun;
import io.fleetloop.api.v1alpha1.TrainingRunReasons;
import io.fleetloop.local.ComponentKind;
import io.fleetloop.local.KubeApiComponent;
import io.fleetloop.local.LocalStack;
import io.fleetloop.operator.testing.Fixtures;
import io.fleetloop.operator.testing.OperatorEnvironment;
import java.time.Duration;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A burst of resources against the in-memory API server: every one is reconciled (status written
 * once) within the deadline, and waiting runs resolve from one pool creation. Prints the rate.
 */
class ReconcileThroughputIT {

  private static final int TRIGGERS = 150;
  private static final int RUNS = 50;

  @RegisterExtension static final OperatorEnvironment env = new OperatorEnvironment();

  @Test
  @SuppressWarnings("try") // the operator only has to run while the block does
  void aBurstIsReconciledOnce() {
    // the triggers exist before the operator starts: what is timed is the operator alone
    KubeApiComponent api = LocalStack.shared(ComponentKind.KUBE_API).kubeApi();
    String backlog = api.createUniqueNamespace("throughput-backlog");
    IntStream.range(0, TRIGGERS)
        .forEach(
            i ->
                env.client()
                    .resource(Fixtures.dataTrigger(backlog, "t-" + i, "frame.brake > 0." + i % 10))
                    .create());
    long t0 = System.nanoTime();
    try (FleetloopOperator operator =
        FleetloopOperator.start(
            env.client(), OperatorSettings.local().watching(Set.of(backlog)).withHttpPort(-1))) {
      long started = System.nanoTime();
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> readyTriggers(backlog) == TRIGGERS);
      long done = System.nanoTime();
      System.out.printf(
          "[throughput] %d DataTriggers reconciled (finalizer, contract, compile, 2 Events, status)"
              + " %.2f s after start() began (%.0f/s), %.2f s after it returned (%.0f/s)%n",
          TRIGGERS,
          (done - t0) / 1e9,
          TRIGGERS / ((done - t0) / 1e9),
          (done - started) / 1e9,
          TRIGGERS / ((done - started) / 1e9));
      assertThat(env.client().resources(DataTrigger.class).inNamespace(backlog).list().getItems())
          .allSatisfy(t -> assertThat(t.getStatus().getObservedGeneration()).isEqualTo(1L));

      env.client()
          .resources(DataTrigger.class)
          .inNamespace(backlog)
          .list()
          .getItems()
          .forEach(t -> env.client().resource(t).delete());
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  env.client()
                      .resources(DataTrigger.class)
                      .inNamespace(backlog)
                      .list()
                      .getItems()
                      .isEmpty());
    }

    String pool = env.poolName("gpu");
    IntStream.range(0, RUNS)
        .forEach(
            i ->
                env.create(
                    Fixtures.trainingRun(
                        null,
                        "r-" + i,
                        Fixtures.runSpec(pool, pool)
                            .withPhases(
                                java.util.List.of(Fixtures.phase("pretrain", pool, "FP32"))))));
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> runsWith(TrainingRunReasons.POOL_NOT_FOUND) == RUNS);
    long t1 = System.nanoTime();
    env.create(Fixtures.gpuPool(pool, 4));
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> runsWith(TrainingRunReasons.REFERENCES_RESOLVED) == RUNS);
    System.out.printf(
        "[throughput] %d waiting TrainingRuns resolved %.2f s after their pool was created%n",
        RUNS, (System.nanoTime() - t1) / 1e9);
  }

  private static long readyTriggers(String namespace) {
    return env
        .client()
        .resources(DataTrigger.class)
        .inNamespace(namespace)
        .list()
        .getItems()
        .stream()
        .filter(
            t -> t.getStatus() != null && t.getStatus().condition(ConditionTypes.READY).isPresent())
        .count();
  }

  private static long runsWith(String reason) {
    return env
        .client()
        .resources(TrainingRun.class)
        .inNamespace(env.namespace())
        .list()
        .getItems()
        .stream()
        .filter(
            r ->
                r.getStatus() != null
                    && r.getStatus()
                        .condition(ConditionTypes.READY)
                        .map(c -> reason.equals(c.getReason()))
                        .orElse(false))
        .count();
  }
}
