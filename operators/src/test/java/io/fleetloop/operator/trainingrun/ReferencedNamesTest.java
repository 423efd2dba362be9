package io.fleetloop.operator.trainingrun;

import static io.fleetloop.operator.testing.Fixtures.fromTriggers;
import static io.fleetloop.operator.testing.Fixtures.promoteInto;
import static io.fleetloop.operator.testing.Fixtures.runSpec;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetloop.api.v1alpha1.TrainingRunSpec;
import org.junit.jupiter.api.Test;

class ReferencedNamesTest {

  @Test
  void collectsPoolsTriggersAndRelease() {
    var spec =
        runSpec("gpu-a100", "edge-hw4")
            .withDataset(fromTriggers("fog", "takeovers"))
            .withPromotion(promoteInto("model-y-na"));

    var names = ReferencedNames.of(spec);

    assertThat(names.pools()).containsExactlyInAnyOrder("gpu-a100", "edge-hw4");
    assertThat(names.triggers()).containsExactlyInAnyOrder("fog", "takeovers");
    assertThat(names.releases()).containsExactly("model-y-na");
  }

  @Test
  void aSpecWithMissingPartsNamesLess() {
    assertThat(ReferencedNames.of(null)).isEqualTo(ReferencedNames.NONE);
    assertThat(ReferencedNames.of(new TrainingRunSpec())).isEqualTo(ReferencedNames.NONE);
    assertThat(ReferencedNames.of(runSpec("a", "a")).pools()).containsExactly("a");
  }
}
