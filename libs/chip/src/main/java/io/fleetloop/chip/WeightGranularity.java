package io.fleetloop.chip;

/** How many symmetric weight scales a layer has. */
public enum WeightGranularity {
  /** One scale per output channel (row of W): the default, as TFLite/PyTorch per-channel. */
  PER_CHANNEL,
  /** One scale for the whole layer. */
  PER_LAYER
}
