package io.fleetloop.chip;

import java.util.List;

/** The per-layer record of one quantized forward pass (chip or fake-quant), for training. */
public record ForwardTrace(List<LayerTrace> layers) {
  public ForwardTrace {
    layers = List.copyOf(layers);
  }

  /** The network output as reals (dequantized). */
  public float[] output() {
    return layers.get(layers.size() - 1).output();
  }

  /** The network output as int8 codes. */
  public byte[] codes() {
    return layers.get(layers.size() - 1).codes();
  }

  /** The decision: {@link Decisions#argmax(byte[])} of the output codes. */
  public int decision() {
    return Decisions.argmax(codes());
  }
}
