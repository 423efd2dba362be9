package io.fleetloop.trainer;

import java.util.Arrays;

/**
 * What a training phase's forward pass computes with (a TrainingRun phase's {@code precision}).
 *
 * <ul>
 *   <li>{@link #FP32}: the float forward and exact backpropagation (the GPU pool's phase);
 *   <li>{@link #QAT}: simulated quantization-aware training: the float fake-quant forward ({@code
 *       libs/chip FakeQuant}), straight-through gradients;
 *   <li>{@link #CHIP}: hardware in the loop: the forward runs on the edge chip's integer runtime
 *       ({@code ChipRuntime}) with the pool's arithmetic, straight-through gradients to FP32 shadow
 *       weights that are re-quantized every step.
 * </ul>
 */
public enum Precision {
  FP32("FP32"),
  QAT("QAT"),
  CHIP("Chip");

  private final String specName;

  Precision(String specName) {
    this.specName = specName;
  }

  /** The name used in TrainingRun specs, on the command line and in metrics.json. */
  public String specName() {
    return specName;
  }

  /** Whether the deployed model is the int8 chip model (QAT and Chip phases). */
  public boolean quantized() {
    return this != FP32;
  }

  /**
   * The precision named {@code name} ({@code FP32}, {@code QAT} or {@code Chip}, case-insensitive).
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static Precision fromSpec(String name) {
    for (Precision p : values()) {
      if (p.specName.equalsIgnoreCase(name == null ? "" : name.trim())) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "precision must be one of "
            + Arrays.stream(values()).map(Precision::specName).toList()
            + ", not '"
            + name
            + "'");
  }
}
