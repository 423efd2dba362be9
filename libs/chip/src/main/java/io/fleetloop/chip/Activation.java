package io.fleetloop.chip;

/** The activation after a dense layer; on the chip it is fused into the output clamp. */
public enum Activation {
  /** Identity (logits). */
  NONE,
  /** max(0, x); on the chip, the output clamp's lower bound is the zero point. */
  RELU
}
