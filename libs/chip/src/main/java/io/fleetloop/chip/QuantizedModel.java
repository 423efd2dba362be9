package io.fleetloop.chip;

import java.util.List;
import java.util.Objects;

/**
 * A network compiled for the chip: its arithmetic and its quantized layers, each layer's output
 * quantization being the next layer's input quantization.
 */
public record QuantizedModel(ChipArithmetic arithmetic, List<QuantizedLayer> layers) {
  public QuantizedModel {
    Objects.requireNonNull(arithmetic, "arithmetic");
    layers = List.copyOf(layers);
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("a model needs at least one layer");
    }
    for (int k = 1; k < layers.size(); k++) {
      QuantizedLayer prev = layers.get(k - 1);
      QuantizedLayer cur = layers.get(k);
      if (cur.in() != prev.out()) {
        throw new IllegalArgumentException("layer " + k + " width does not match layer " + (k - 1));
      }
      if (!cur.input().equals(prev.output())) {
        throw new IllegalArgumentException(
            "layer " + k + " input quantization differs from layer " + (k - 1) + " output");
      }
    }
  }

  /** Quantization of the model input. */
  public QuantParams input() {
    return layers.get(0).input();
  }

  /** Quantization of the model output. */
  public QuantParams output() {
    return layers.get(layers.size() - 1).output();
  }

  public int inputSize() {
    return layers.get(0).in();
  }

  public int outputSize() {
    return layers.get(layers.size() - 1).out();
  }

  /** Multiply-accumulates of one forward pass. */
  public long macs() {
    long m = 0;
    for (QuantizedLayer l : layers) {
      m += l.macs();
    }
    return m;
  }

  /** The same compiled layers on a chip with another arithmetic (weights do not depend on it). */
  public QuantizedModel withArithmetic(ChipArithmetic other) {
    return new QuantizedModel(other, layers);
  }
}
