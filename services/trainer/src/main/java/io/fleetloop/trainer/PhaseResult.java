package io.fleetloop.trainer;

import java.util.List;

/**
 * What a phase produced besides the trained weights.
 *
 * @param precision the phase's precision
 * @param epochs one report per epoch
 * @param deployment how the model is compiled for the chip (QAT and Chip phases: the calibration
 *     the phase trained with; FP32: null)
 * @param samples training samples per epoch
 * @param validation QAT and Chip phases with a held-out share: the held-out disagreement with the
 *     FP32 reference under the phase's forward, for the start weights (index 0) and after every
 *     epoch; empty otherwise
 * @param selectedEpoch the epoch whose weights the phase kept (0: the start weights); the last
 *     epoch without a held-out share
 */
public record PhaseResult(
    Precision precision,
    List<EpochReport> epochs,
    ChipDeployment deployment,
    int samples,
    List<Double> validation,
    int selectedEpoch) {
  public PhaseResult {
    epochs = List.copyOf(epochs);
    validation = List.copyOf(validation);
  }

  /** A phase that kept its last epoch and measured no held-out disagreement. */
  public PhaseResult(
      Precision precision, List<EpochReport> epochs, ChipDeployment deployment, int samples) {
    this(precision, epochs, deployment, samples, List.of(), epochs.size());
  }

  /** The last epoch's mean loss. */
  public double finalLoss() {
    return epochs.isEmpty() ? Double.NaN : epochs.get(epochs.size() - 1).loss();
  }

  /** The last epoch's training accuracy. */
  public double finalAccuracy() {
    return epochs.isEmpty() ? Double.NaN : epochs.get(epochs.size() - 1).accuracy();
  }

  /** Training samples per second over the whole phase (evaluation excluded). */
  public double samplesPerSecond() {
    double seconds = 0;
    long processed = 0;
    for (EpochReport e : epochs) {
      seconds += samples / e.samplesPerSecond();
      processed += samples;
    }
    return seconds == 0 ? Double.NaN : processed / seconds;
  }
}
