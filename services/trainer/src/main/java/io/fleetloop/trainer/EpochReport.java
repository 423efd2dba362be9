package io.fleetloop.trainer;

import java.util.Locale;

/**
 * The end of one epoch.
 *
 * @param epoch 1-based epoch number
 * @param epochs epochs in the phase
 * @param loss mean weighted loss over the epoch's updates (as the phase's forward saw it)
 * @param accuracy share of the training samples whose deployed decision (FP32 forward for FP32, the
 *     chip for QAT and Chip) equals the human's, after the epoch
 * @param samplesPerSecond training samples processed per second of this epoch (forward, backward,
 *     update; evaluation excluded)
 */
public record EpochReport(
    int epoch, int epochs, double loss, double accuracy, double samplesPerSecond) {

  /** The progress line of contract C, e.g. {@code epoch 3/20 loss=0.41 accuracy=0.93}. */
  public String progressLine() {
    return String.format(
        Locale.ROOT, "epoch %d/%d loss=%.4f accuracy=%.4f", epoch, epochs, loss, accuracy);
  }
}
