package io.fleetloop.chip;

import java.util.List;

/**
 * The activation quantization of a network: element 0 quantizes the input, element {@code k + 1}
 * the output of layer {@code k}. Fixed once from a calibration set, then reused by every
 * re-quantization of changing weights (fake-quant training, hardware-in-the-loop training).
 */
public record Calibration(List<QuantParams> tensors) {
  public Calibration {
    tensors = List.copyOf(tensors);
    if (tensors.size() < 2) {
      throw new IllegalArgumentException("a calibration covers an input and at least one output");
    }
  }

  /** Quantization of layer {@code k}'s input. */
  public QuantParams input(int k) {
    return tensors.get(k);
  }

  /** Quantization of layer {@code k}'s output. */
  public QuantParams output(int k) {
    return tensors.get(k + 1);
  }

  /** Number of layers covered. */
  public int layerCount() {
    return tensors.size() - 1;
  }
}
