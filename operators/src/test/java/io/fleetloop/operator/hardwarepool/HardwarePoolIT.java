package io.fleetloop.operator.hardwarepool;

import static io.fleetloop.operator.testing.OperatorEnvironment.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetloop.api.common.Condition;
import io.fleetloop.api.common.ConditionTypes;
import io.fleetloop.api.common.Reasons;
import io.fleetloop.api.v1alpha1.HardwarePool;
import io.fleetloop.operator.testing.Fixtures;
import io.fleetloop.operator.testing.OperatorEnvironment;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HardwarePoolIT {

  @RegisterExtension static final OperatorEnvironment env = new OperatorEnvironment();

  @Test
  void aPoolAccountsItsCapacityAndFollowsItsSpec() {
    String name = env.poolName("gpu");
    env.create(Fixtures.gpuPool(name, 8));

    eventually()
        .untilAsserted(
            () -> {
              HardwarePool pool = env.get(HardwarePool.class, name);
              assertThat(pool.getStatus().getObservedGeneration()).isEqualTo(1L);
              assertThat(pool.getStatus().getCapacity()).isEqualTo(8);
              assertThat(pool.getStatus().getAllocated()).isZero();
              // an empty list is not stored: the client leaves empty arrays out of patches
              assertThat(pool.getStatus().getQueued()).isNullOrEmpty();
              assertThat(pool.getStatus().condition(ConditionTypes.READY))
                  .get()
                  .returns(ConditionTypes.TRUE, Condition::getStatus)
                  .returns(PoolAccounting.CAPACITY_AVAILABLE, Condition::getReason)
                  .returns(1L, Condition::getObservedGeneration);
            });
    // events about a cluster-scoped object go to the default namespace
    assertThat(env.client().v1().events().inNamespace("default").list().getItems())
        .anySatisfy(e -> assertThat(e.getInvolvedObject().getName()).isEqualTo(name));

    env.edit(HardwarePool.class, name, p -> p.getSpec().setCapacity(0));

    eventually()
        .untilAsserted(
            () -> {
              HardwarePool drained = env.get(HardwarePool.class, name);
              assertThat(drained.getStatus().getObservedGeneration()).isEqualTo(2L);
              assertThat(drained.getStatus().getCapacity()).isZero();
              assertThat(drained.getStatus().condition(ConditionTypes.READY))
                  .get()
                  .returns(ConditionTypes.FALSE, Condition::getStatus)
                  .returns(PoolAccounting.NO_CAPACITY, Condition::getReason)
                  .returns(2L, Condition::getObservedGeneration);
            });
    env.assertNotWrittenFor(HardwarePool.class, name, Duration.ofSeconds(2));
  }

  @Test
  void arithmeticOnAGpuPoolIsAnInvalidSpec() {
    String name = env.poolName("gpu-with-arithmetic");
    HardwarePool pool = Fixtures.gpuPool(name, 4);
    pool.getSpec().getAccelerator().setArithmetic(Fixtures.chipArithmetic());
    env.create(pool);

    eventually()
        .untilAsserted(
            () ->
                assertThat(env.condition(HardwarePool.class, name, ConditionTypes.READY))
                    .get()
                    .returns(ConditionTypes.FALSE, Condition::getStatus)
                    .returns(Reasons.INVALID_SPEC, Condition::getReason)
                    .returns(1L, Condition::getObservedGeneration)
                    .satisfies(
                        c ->
                            assertThat(c.getMessage())
                                .contains(
                                    "spec.accelerator",
                                    "arithmetic is required for EdgeChip pools and not allowed"
                                        + " for GPU pools")));
    env.assertNotWrittenFor(HardwarePool.class, name, Duration.ofSeconds(3));
  }

  @Test
  void deletionRemovesTheFinalizer() {
    String name = env.poolName("edge");
    env.create(Fixtures.edgeChipPool(name, 2));
    eventually()
        .until(() -> env.condition(HardwarePool.class, name, ConditionTypes.READY).isPresent());
    assertThat(env.get(HardwarePool.class, name).getMetadata().getFinalizers())
        .containsExactly("hardwarepools.fleetloop.io/finalizer");

    env.deleteAndAwaitGone(HardwarePool.class, name);
  }
}
