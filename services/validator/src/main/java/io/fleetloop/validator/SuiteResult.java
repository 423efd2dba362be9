package io.fleetloop.validator;

import java.util.Map;

/**
 * What one suite measured.
 *
 * @param name the suite
 * @param worldSeed the world seed it was driven in
 * @param frames frames in the suite
 * @param accuracy share of frames where the deployed decision (the chip's when the model carries a
 *     chip deployment, else the FP32 forward's) equals the human's
 * @param fp32Accuracy the same for the model's FP32 forward
 * @param hazardFrames frames where the human brakes
 * @param hazardAccuracy accuracy of the deployed decision on those (NaN when there are none)
 * @param chipDisagreement share of frames where the chip's decision differs from the model's own
 *     FP32 decision; null without a chip deployment
 * @param perCondition per driving condition ({@code Conditions.label}): frames and accuracy
 */
public record SuiteResult(
    String name,
    long worldSeed,
    int frames,
    double accuracy,
    double fp32Accuracy,
    int hazardFrames,
    double hazardAccuracy,
    Double chipDisagreement,
    Map<String, ConditionResult> perCondition) {

  /**
   * One condition's figures.
   *
   * @param frames frames in that condition
   * @param accuracy deployed accuracy on them
   */
  public record ConditionResult(int frames, double accuracy) {}
}
