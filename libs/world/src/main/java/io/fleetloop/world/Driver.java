package io.fleetloop.world;

/** Who drives the simulated vehicles. */
public enum Driver {
  /**
   * The active policy drives; the human (the oracle) takes over when the {@link InterventionRule}
   * says so, and hands back after the cooldown. Vehicles without an active model are driven by the
   * human.
   */
  MODEL,
  /**
   * The human drives every frame (with the configured noise); models, if any, ride along and are
   * evaluated, but no intervention is counted. For collecting labelled data.
   */
  HUMAN
}
