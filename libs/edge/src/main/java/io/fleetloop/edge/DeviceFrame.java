package io.fleetloop.edge;

import io.fleetloop.trigger.Env;
import io.fleetloop.trigger.Frame;
import java.util.Objects;

/**
 * One frame of a real device, as its perception and control stack hands it to the {@link
 * EdgeAgent}: the trigger variables, the policy features the models run on, and the human label.
 * The agent runs the active model and the shadow candidate on {@code features} itself.
 *
 * @param frame the {@code frame} trigger variable ({@code takeover} marks a human takeover)
 * @param env the {@code env} trigger variable
 * @param features the {@code PolicyFeatures.COUNT} policy features (read, not kept)
 * @param humanAction the human driver's longitudinal category ({@code Longitudinal} ordinal), or -1
 *     when no human action is known on this frame
 * @param humanSteering the human driver's steering, -1 .. 1 (0 when unknown)
 * @param humanDriving whether a human executed this frame's action
 */
public record DeviceFrame(
    Frame frame,
    Env env,
    float[] features,
    int humanAction,
    double humanSteering,
    boolean humanDriving) {

  public DeviceFrame {
    Objects.requireNonNull(frame, "frame");
    Objects.requireNonNull(env, "env");
    Objects.requireNonNull(features, "features");
    if (humanAction < -1 || humanAction > 3) {
      throw new IllegalArgumentException("humanAction must be -1 or a category 0..3");
    }
  }
}
