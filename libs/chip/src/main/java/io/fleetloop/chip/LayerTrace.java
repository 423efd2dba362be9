package io.fleetloop.chip;

/**
 * What one layer of a quantized forward pass computed, in the terms a backward pass needs.
 *
 * @param in input width
 * @param out output width
 * @param input the layer's input as the quantized forward saw it (dequantized), length {@code in}
 * @param weights the weights the forward multiplied with, as reals (dequantized int8 on the chip,
 *     fake-quantized floats in simulation), row-major {@code [out][in]}; shared, do not modify
 * @param codes the int8 output codes, length {@code out}
 * @param output the output as reals: {@code (codes − zeroPoint) · scale}
 * @param gradMask the straight-through derivative of each output with respect to the layer's
 *     pre-activation: 1 where the requantized value before the int8 clamp lay inside [-128, 127]
 *     and, for ReLU, the pre-activation was positive (on the chip: the int32 accumulator {@code >
 *     0}); else 0. The clipped straight-through estimator
 */
public record LayerTrace(
    int in,
    int out,
    float[] input,
    float[] weights,
    byte[] codes,
    float[] output,
    float[] gradMask) {}
