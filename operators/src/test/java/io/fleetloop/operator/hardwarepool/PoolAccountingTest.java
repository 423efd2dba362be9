package io.fleetloop.operator.hardwarepool;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetloop.api.common.ConditionTypes;
import io.fleetloop.api.v1alpha1.HardwarePoolStatus;
import io.fleetloop.operator.common.Finding;
import io.fleetloop.operator.testing.Fixtures;
import org.junit.jupiter.api.Test;

class PoolAccountingTest {

  @Test
  void accountsTheSpecCapacityWithNothingAllocatedOrQueued() {
    var status = new HardwarePoolStatus().withAllocated(3);

    PoolAccounting.account(Fixtures.edgeChipPool("edge-hw4", 4).getSpec(), status);

    assertThat(status.getCapacity()).isEqualTo(4);
    assertThat(status.getAllocated()).isZero();
    assertThat(status.getQueued()).isEmpty();
  }

  @Test
  void aPoolWithCapacityIsReady() {
    Finding ready = PoolAccounting.ready(Fixtures.gpuPool("gpu-a100", 8).getSpec());

    assertThat(ready)
        .returns(ConditionTypes.READY, Finding::type)
        .returns(ConditionTypes.TRUE, Finding::status)
        .returns(PoolAccounting.CAPACITY_AVAILABLE, Finding::reason);
    assertThat(ready.message()).contains("8 x GPU h100", "no scheduler");
  }

  @Test
  void aPoolWithoutCapacityIsNotReady() {
    Finding ready = PoolAccounting.ready(Fixtures.gpuPool("drained", 0).getSpec());

    assertThat(ready)
        .returns(ConditionTypes.FALSE, Finding::status)
        .returns(PoolAccounting.NO_CAPACITY, Finding::reason)
        .returns(Finding.Severity.WARNING, Finding::severity);
  }
}
