/**
 * The reference world: a fleet simulator that lets the whole learning loop run, and be tested, on
 * one machine. See {@code libs/world/WORLD.md} for the model of the world, the intervention
 * definition and measured numbers.
 *
 * <ul>
 *   <li>{@link io.fleetloop.world.WorldConfig}, {@link io.fleetloop.world.RareCombo} — fleet size,
 *       seed, condition frequencies and dwell, rare combinations, the hidden-hazard floor.
 *   <li>{@link io.fleetloop.world.ScenarioGenerator} ({@link io.fleetloop.world.Scenario}) —
 *       per-vehicle Markov conditions; {@link io.fleetloop.world.Conditions} — the 180 conditions
 *       as dense indexes and the {@code COMMON} / {@code RARE} cohorts.
 *   <li>{@link io.fleetloop.world.Kinematics}, {@link io.fleetloop.world.Longitudinal} — vehicle
 *       model and the brake/throttle categories.
 *   <li>{@link io.fleetloop.world.Oracle} — the human driver: ground-truth actions.
 *   <li>{@link io.fleetloop.world.InterventionRule} — when the model's action is dangerous enough
 *       for the human to take over.
 *   <li>{@link io.fleetloop.world.PolicyModel}, {@link io.fleetloop.world.PolicyFeatures}, {@link
 *       io.fleetloop.world.PolicyLoss}, {@link io.fleetloop.world.PolicyTraining} — the reference
 *       policy, its inputs, loss and training recipes (generation 0).
 *   <li>{@link io.fleetloop.world.FleetSimulator} — N vehicles at 10 Hz, frames to a {@link
 *       io.fleetloop.world.FrameVisitor} as a reusable {@link io.fleetloop.world.FrameView} (with
 *       the trigger records on demand), counts in {@link io.fleetloop.world.FleetStats}; {@link
 *       io.fleetloop.world.SampleCollector} turns frames into labelled datasets.
 * </ul>
 *
 * <p>Plain Java: no Kubernetes, Pulsar or object-store types. Depends only on {@code
 * fleetloop-trigger} for the {@code Frame}, {@code Shadow}, {@code Env} and {@code Device} records.
 */
package io.fleetloop.world;
