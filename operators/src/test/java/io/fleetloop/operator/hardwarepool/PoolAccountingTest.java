package io.fleetloop.operator.hardwarepool;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetloop.api.common.ConditionTypes;
import io.fleetloop.api.v1alpha1.HardwarePoolStatus;
import io.fleetloop.operator.common.Finding;
import io.fleetloop.operator.scheduling.PoolScheduler;
import io.fleetloop.operator.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

class PoolAccountingTest {

  @Test
  void accountsTheSpecCapacityAndTheSchedulersFigures() {
    var status = new HardwarePoolStatus().withAllocated(3);

    PoolAccounting.account(
        Fixtures.edgeChipPool("edge-hw4", 4).getSpec(),
        new PoolScheduler.PoolView(4, 2, List.of("ns/b", "ns/a")),
        status);

    assertThat(status.getCapacity()).isEqualTo(4);
    assertThat(status.getAllocated()).isEqualTo(2);
    assertThat(status.getQueued()).containsExactly("ns/b", "ns/a");
  }

  @Test
  void aPoolWithCapacityIsReady() {
    Finding ready =
        PoolAccounting.ready(
            Fixtures.gpuPool("gpu-a100", 8).getSpec(),
            new PoolScheduler.PoolView(8, 6, List.of("ns/x")));

    assertThat(ready)
        .returns(ConditionTypes.READY, Finding::type)
        .returns(ConditionTypes.TRUE, Finding::status)
        .returns(PoolAccounting.CAPACITY_AVAILABLE, Finding::reason);
    assertThat(ready.message()).isEqualTo("8 x GPU h100; 6 allocated, 1 runs queued");
  }

  @Test
  void aPoolWithoutCapacityIsNotReady() {
    Finding ready =
        PoolAccounting.ready(
            Fixtures.gpuPool("drained", 0).getSpec(), new PoolScheduler.PoolView(0, 0, List.of()));

    assertThat(ready)
        .returns(ConditionTypes.FALSE, Finding::status)
        .returns(PoolAccounting.NO_CAPACITY, Finding::reason)
        .returns(Finding.Severity.WARNING, Finding::severity);
  }
}
