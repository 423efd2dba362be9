/**
 * The edge chip: an integer inference engine that is the documented numeric contract of a
 * production accelerator (HardwarePool {@code spec.accelerator.arithmetic}).
 *
 * <p>int8 weights (symmetric, per output channel), int8 activations (asymmetric, with a zero
 * point), int32 accumulators, fixed-point requantization (a Q31 multiplier and a shift) rounded
 * with the pool's {@link io.fleetloop.chip.Rounding}, and int32 saturation or wrap per the pool's
 * {@code saturate}. The contract is written out bit for bit in {@code docs/chip-arithmetic.md}.
 *
 * <ul>
 *   <li>{@link io.fleetloop.chip.Quantizer} compiles FP32 {@link io.fleetloop.chip.DenseLayer}s and
 *       a calibration set into a {@link io.fleetloop.chip.QuantizedModel};
 *   <li>{@link io.fleetloop.chip.ChipRuntime} runs it with int/long arithmetic only;
 *   <li>{@link io.fleetloop.chip.FakeQuant} is the simulated-QAT forward in float, for comparison;
 *   <li>{@link io.fleetloop.chip.StraightThrough} turns either forward's trace into gradients for
 *       the FP32 weights (hardware-in-the-loop training with a straight-through estimator).
 * </ul>
 *
 * <p>Plain Java, no dependencies beyond the JDK.
 */
package io.fleetloop.chip;
