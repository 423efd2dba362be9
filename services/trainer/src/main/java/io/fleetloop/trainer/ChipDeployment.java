package io.fleetloop.trainer;

import io.fleetloop.chip.Activation;
import io.fleetloop.chip.Calibration;
import io.fleetloop.chip.CalibrationMethod;
import io.fleetloop.chip.ChipArithmetic;
import io.fleetloop.chip.ChipRuntime;
import io.fleetloop.chip.DenseLayer;
import io.fleetloop.chip.QuantParams;
import io.fleetloop.chip.QuantizedModel;
import io.fleetloop.chip.Quantizer;
import io.fleetloop.chip.Rounding;
import io.fleetloop.chip.WeightGranularity;
import io.fleetloop.world.model.Mlp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How a policy is compiled for the edge chip: the chip's arithmetic, the weight granularity and the
 * fixed activation {@link Calibration}. The same deployment compiles the weights during a QAT or
 * Chip phase (every step) and the final model, so the trained model runs on the chip exactly as it
 * was trained. It travels with the model artifact as metadata ({@link #toMetadata()}, bit-exact).
 *
 * @param arithmetic the pool's rounding and saturation
 * @param granularity per-channel (default) or per-layer weight scales
 * @param calibration the activation scales and zero points, fixed once per phase
 */
public record ChipDeployment(
    ChipArithmetic arithmetic, WeightGranularity granularity, Calibration calibration) {

  /**
   * Metadata key of the calibration: {@code scaleBitsHex:zeroPoint} per tensor, comma-separated.
   */
  public static final String CALIBRATION_KEY = "chip.calibration";

  /** Metadata key of the rounding mode (spec name). */
  public static final String ROUNDING_KEY = "chip.rounding";

  /** Metadata key of the saturate flag. */
  public static final String SATURATE_KEY = "chip.saturate";

  /** Metadata key of the weight granularity. */
  public static final String GRANULARITY_KEY = "chip.weightGranularity";

  public ChipDeployment {
    Objects.requireNonNull(arithmetic, "arithmetic");
    Objects.requireNonNull(granularity, "granularity");
    Objects.requireNonNull(calibration, "calibration");
  }

  /**
   * A deployment calibrated by min/max on the FP32 forward of {@code mlp} over {@code samples}
   * (post-training quantization's calibration).
   */
  public static ChipDeployment calibrate(
      Mlp mlp, float[][] samples, ChipArithmetic arithmetic, WeightGranularity granularity) {
    Calibration c = Quantizer.calibrate(layers(mlp), samples, CalibrationMethod.minMax());
    return new ChipDeployment(arithmetic, granularity, c);
  }

  /** The network's current layers as chip-library {@link DenseLayer}s (copies of the weights). */
  public static List<DenseLayer> layers(Mlp mlp) {
    List<DenseLayer> out = new ArrayList<>(mlp.layerCount());
    for (Mlp.Layer l : mlp.layers()) {
      out.add(
          new DenseLayer(
              l.in(),
              l.out(),
              l.weights(),
              l.bias(),
              l.activation() == io.fleetloop.world.model.Activation.RELU
                  ? Activation.RELU
                  : Activation.NONE));
    }
    return out;
  }

  /** Post-training quantization of the network's current weights with this deployment. */
  public QuantizedModel compile(Mlp mlp) {
    return compile(layers(mlp));
  }

  /** Post-training quantization of {@code layers} with this deployment. */
  public QuantizedModel compile(List<DenseLayer> layers) {
    return Quantizer.quantize(layers, calibration, arithmetic, granularity);
  }

  /** A chip runtime running the network's current weights. */
  public ChipRuntime runtime(Mlp mlp) {
    return new ChipRuntime(compile(mlp));
  }

  /** The deployment as artifact metadata (floats as their exact bit patterns). */
  public Map<String, String> toMetadata() {
    StringBuilder sb = new StringBuilder();
    for (QuantParams p : calibration.tensors()) {
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(Integer.toHexString(Float.floatToIntBits(p.scale())))
          .append(':')
          .append(p.zeroPoint());
    }
    Map<String, String> m = new TreeMap<>();
    m.put(CALIBRATION_KEY, sb.toString());
    m.put(ROUNDING_KEY, arithmetic.rounding().specName());
    m.put(SATURATE_KEY, Boolean.toString(arithmetic.saturate()));
    m.put(GRANULARITY_KEY, granularity.name());
    return m;
  }

  /**
   * The deployment stored in artifact metadata by {@link #toMetadata()}.
   *
   * @throws IllegalArgumentException when the metadata has no (or a malformed) deployment
   */
  public static ChipDeployment fromMetadata(Map<String, String> metadata) {
    String cal = metadata.get(CALIBRATION_KEY);
    if (cal == null) {
      throw new IllegalArgumentException("the artifact carries no chip calibration");
    }
    List<QuantParams> tensors = new ArrayList<>();
    for (String part : cal.split(",")) {
      String[] kv = part.split(":");
      if (kv.length != 2) {
        throw new IllegalArgumentException("malformed chip calibration '" + cal + "'");
      }
      float scale = Float.intBitsToFloat(Integer.parseUnsignedInt(kv[0], 16));
      tensors.add(new QuantParams(scale, Integer.parseInt(kv[1])));
    }
    ChipArithmetic a =
        new ChipArithmetic(
            Rounding.fromSpec(metadata.getOrDefault(ROUNDING_KEY, "HalfEven")),
            Boolean.parseBoolean(metadata.getOrDefault(SATURATE_KEY, "true")));
    WeightGranularity g =
        WeightGranularity.valueOf(metadata.getOrDefault(GRANULARITY_KEY, "PER_CHANNEL"));
    return new ChipDeployment(a, g, new Calibration(tensors));
  }
}
