package io.fleetloop.world.model;

/** What follows a dense layer's affine map. */
public enum Activation {
  /** The identity (output layers). */
  LINEAR,
  /** {@code max(0, x)}. */
  RELU
}
