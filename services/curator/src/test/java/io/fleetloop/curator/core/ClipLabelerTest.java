package io.fleetloop.curator.core;

import static io.fleetloop.curator.core.TestClips.clip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetloop.dataset.DatasetManifest.Clip;
import org.junit.jupiter.api.Test;

class ClipLabelerTest {
  private final ClipLabeler labeler = new ClipLabeler(0.3);

  @Test
  void takeoverFlagOnAnyFrameOrInMetadataMakesATakeover() {
    assertThat(labeler.label(clip().takeoverOnAFrame().build(), false, 0)).isEqualTo(Clip.TAKEOVER);
    assertThat(labeler.label(clip().build(), true, 0)).isEqualTo(Clip.TAKEOVER);
    assertThat(labeler.label(clip().takeoverOnAFrame().shadowDisagrees().build(), false, 0.9))
        .as("takeover wins over disagreement")
        .isEqualTo(Clip.TAKEOVER);
  }

  @Test
  void shadowDisagreementFromMetadataThresholdOrFromFrames() {
    assertThat(labeler.label(clip().build(), false, 0.3)).isEqualTo(Clip.SHADOW_DISAGREEMENT);
    assertThat(labeler.label(clip().build(), false, 0.29)).isEqualTo(Clip.TRIGGER);
    assertThat(labeler.label(clip().shadowDisagrees().build(), false, 0))
        .isEqualTo(Clip.SHADOW_DISAGREEMENT);
  }

  @Test
  void framesWithoutAShadowNeverDisagree() {
    assertThat(labeler.label(clip().noShadow().build(), false, 0)).isEqualTo(Clip.TRIGGER);
  }

  @Test
  void countsFramesAHumanDrove() {
    assertThat(ClipLabeler.labeledFrames(clip().frames(12).build())).isEqualTo(12);
  }

  @Test
  void refusesANegativeThreshold() {
    assertThatThrownBy(() -> new ClipLabeler(-1)).hasMessageContaining("threshold");
  }
}
