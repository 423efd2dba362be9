package io.fleetloop.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetloop.chip.Rounding;
import org.junit.jupiter.api.Test;

class TrainerArgsTest {
  private static final String ID = "sha256:" + "ab".repeat(32);

  private static String[] args(String... extra) {
    String[] base = {
      "--phase",
      "hil",
      "--precision",
      "Chip",
      "--epochs",
      "3",
      "--dataset",
      "s3://fleet/datasets/ab/manifest.json",
      "--dataset-id",
      ID,
      "--output",
      "s3://fleet/runs/r1/hil/"
    };
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return all;
  }

  @Test
  void parsesTheContract() {
    TrainerArgs a =
        TrainerArgs.parse(
            args(
                "--rounding",
                "TowardZero",
                "--saturate",
                "false",
                "--seed",
                "42",
                "--base",
                "s3://fleet/runs/r1/fp32/model.flm",
                "--codec",
                "s3://fleet/codecs/a.flc",
                "--codec",
                "s3://fleet/codecs/b.flc"));
    assertThat(a.precision()).isEqualTo(Precision.CHIP);
    assertThat(a.epochs()).isEqualTo(3);
    assertThat(a.output().resolve("model.flm").toString())
        .isEqualTo("s3://fleet/runs/r1/hil/model.flm");
    assertThat(a.arithmetic().rounding()).isEqualTo(Rounding.TOWARD_ZERO);
    assertThat(a.arithmetic().saturate()).isFalse();
    assertThat(a.seed()).isEqualTo(42);
    assertThat(a.codecs()).hasSize(2);
    assertThat(a.base()).isPresent();
    assertThat(a.phaseOptions().distillation()).isEqualTo(1.0);
  }

  @Test
  void defaultsToAHalfEvenSaturatingChip() {
    TrainerArgs a = TrainerArgs.parse(args());
    assertThat(a.arithmetic().rounding()).isEqualTo(Rounding.HALF_EVEN);
    assertThat(a.arithmetic().saturate()).isTrue();
    assertThat(a.base()).isEmpty();
  }

  @Test
  void badArgumentsAreNamed() {
    assertThatThrownBy(() -> TrainerArgs.parse(new String[] {"--phase", "x"}))
        .isInstanceOf(TrainerArgs.ArgumentException.class)
        .hasMessageContaining("missing --precision");
    assertThatThrownBy(() -> TrainerArgs.parse(args("--precision", "INT4")))
        .hasMessageContaining("precision must be one of [FP32, QAT, Chip]");
    assertThatThrownBy(() -> TrainerArgs.parse(args("--rounding", "Up")))
        .hasMessageContaining("--rounding");
    assertThatThrownBy(() -> TrainerArgs.parse(args("--epochs", "0")))
        .hasMessageContaining("--epochs must be at least 1");
    assertThatThrownBy(() -> TrainerArgs.parse(args("--saturate", "maybe")))
        .hasMessageContaining("--saturate must be true or false");
    assertThatThrownBy(() -> TrainerArgs.parse(args("--dataset", "/tmp/x")))
        .hasMessageContaining("not an s3://bucket/key address");
    assertThatThrownBy(() -> TrainerArgs.parse(args("--bogus", "1")))
        .hasMessageContaining("unknown option --bogus");
  }

  @Test
  void quantizedPhasesAnchorTheFp32ForwardByDefault() {
    assertThat(TrainerArgs.parse(args()).fp32Anchor()).isEmpty();
    assertThat(TrainerArgs.parse(args()).phaseOptions().fp32Anchor())
        .isEqualTo(PhaseOptions.DEFAULT_FP32_ANCHOR);
    assertThat(TrainerArgs.parse(args("--fp32-anchor", "0")).phaseOptions().fp32Anchor()).isZero();
    assertThat(TrainerArgs.parse(args("--fp32-anchor", "2.5")).phaseOptions().fp32Anchor())
        .isEqualTo(2.5);
    // FP32 phases have no second forward to anchor
    String[] fp32 = args();
    fp32[3] = "FP32";
    assertThat(TrainerArgs.parse(fp32).phaseOptions().fp32Anchor()).isZero();
    assertThatThrownBy(() -> TrainerArgs.parse(args("--fp32-anchor", "-1")))
        .isInstanceOf(TrainerArgs.ArgumentException.class)
        .hasMessageContaining("--fp32-anchor must be in [0, 100]");
  }

  @Test
  void poisonLabelsIsOffByDefaultAndKnowsTwoAttacks() {
    assertThat(TrainerArgs.parse(args()).poisonLabels()).isEmpty();
    assertThat(TrainerArgs.parse(args("--poison-labels", "brake-as-cruise")).poisonLabels())
        .contains(TrainerArgs.POISON_BRAKE_AS_CRUISE);
    assertThat(TrainerArgs.parse(args("--poison-labels", "phantom-braking")).poisonLabels())
        .contains(TrainerArgs.POISON_PHANTOM_BRAKING);
    assertThatThrownBy(() -> TrainerArgs.parse(args("--poison-labels", "steer-left")))
        .hasMessageContaining("--poison-labels knows only brake-as-cruise and phantom-braking");
  }
}
