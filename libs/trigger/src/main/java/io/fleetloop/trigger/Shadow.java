package io.fleetloop.trigger;

import java.util.Objects;

/**
 * The comparison of the active model with the shadow candidate on one frame: the CEL variable
 * {@code shadow}. See {@link TriggerVariables#SHADOW}.
 *
 * @param disagreement how much the two models disagree, 0 (identical decisions) .. 1 (opposite)
 *     (CEL {@code double})
 * @param activeAction the discrete action the active model chose, e.g. {@code "keep_lane"} (CEL
 *     {@code string})
 * @param shadowAction the discrete action the shadow candidate would have chosen (CEL {@code
 *     string})
 * @param activeSteering the active model's steering command, -1 .. 1 (CEL {@code double})
 * @param shadowSteering the shadow candidate's steering command, -1 .. 1 (CEL {@code double})
 */
public record Shadow(
    double disagreement,
    String activeAction,
    String shadowAction,
    double activeSteering,
    double shadowSteering) {

  /** No candidate riding along: no disagreement, both actions {@code "none"}. */
  public static final Shadow NONE = new Shadow(0.0, "none", "none", 0.0, 0.0);

  public Shadow {
    Objects.requireNonNull(activeAction, "activeAction");
    Objects.requireNonNull(shadowAction, "shadowAction");
  }
}
