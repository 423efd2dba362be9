package io.fleetloop.trainer;

import io.fleetloop.world.PolicyModel;
import io.fleetloop.world.PolicyTraining;
import io.fleetloop.world.model.Dataset;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One TrainingRun phase's training without I/O: what {@link TrainerMain} does between reading the
 * snapshot and writing the artifact, so tests and benchmarks train exactly as the container does.
 *
 * <p>The phase starts from a copy of the base model (the previous phase's output, or the release's
 * stable model for the first phase) or, without one, from an untrained network. A quantized phase
 * without a base has no FP32 teacher, so its distillation is turned off.
 */
public final class PhaseRun {
  private PhaseRun() {}

  /**
   * A trained phase.
   *
   * @param model the trained network (version {@code phase}, no metadata yet)
   * @param options the options the phase ran with (after the adjustments above)
   * @param result the per-epoch reports and, for QAT and Chip, the chip deployment
   */
  public record Outcome(PolicyModel model, PhaseOptions options, PhaseResult result) {}

  /**
   * Trains phase {@code phase} on {@code data}.
   *
   * @param base the model the phase starts from, or null to start untrained (seeded by {@code
   *     options.seed()})
   * @param progress called after every epoch
   */
  public static Outcome train(
      String phase,
      PolicyModel base,
      Dataset data,
      PhaseOptions options,
      Consumer<EpochReport> progress) {
    PolicyModel start =
        base != null
            ? base.derive(phase, Map.of())
            : PolicyModel.untrained(PolicyTraining.POLICY_NAME, phase, options.seed());
    PhaseOptions o = options;
    if (base == null && o.precision().quantized()) {
      o = o.withDistillation(0); // no FP32 teacher without a base model
    }
    PhaseResult result = PolicyTrainer.train(start.mlp(), data, o, null, progress);
    return new Outcome(start, o, result);
  }
}
