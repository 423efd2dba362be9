package io.fleetloop.audit.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ResourceIdsTest {

  @Test
  void idsCarryTheirKind() {
    assertThat(ResourceIds.fleetRelease("prod", "model-y-na"))
        .isEqualTo("fleetrelease/prod/model-y-na");
    assertThat(ResourceIds.hardwarePool("edge-hw4")).isEqualTo("hardwarepool/edge-hw4");
    assertThat(ResourceIds.forResource("DataTrigger", "fleet", "fog"))
        .isEqualTo("datatrigger/fleet/fog");
    assertThat(ResourceIds.forResource("HardwarePool", "ignored", "gpu"))
        .isEqualTo("hardwarepool/gpu");
    var parsed = ResourceIds.parse("trainingrun/ml/policy-g4");
    assertThat(parsed.kind()).isEqualTo(StreamKind.TRAININGRUN);
    assertThat(parsed.namespace()).isEqualTo("ml");
    assertThat(parsed.name()).isEqualTo("policy-g4");
  }

  @Test
  void malformedIdsAreRefusedWithTheReason() {
    assertThatThrownBy(() -> ResourceIds.parse("pod/x"))
        .hasMessageContaining("unknown stream kind");
    assertThatThrownBy(() -> ResourceIds.parse("fleetrelease/only-name"))
        .hasMessageContaining("fleetrelease/<namespace>/<name>");
    assertThatThrownBy(() -> ResourceIds.parse("device/a/b")).hasMessageContaining("device/<name>");
    assertThatThrownBy(() -> ResourceIds.device("has space")).hasMessageContaining("invalid name");
    assertThatThrownBy(() -> ResourceIds.forResource("Dataset", null, "d"))
        .hasMessageContaining("not a Fleetloop custom resource kind");
  }
}
