package io.fleetloop.world.model;

/**
 * A per-sample training loss over a network's outputs. Implementations are stateless and
 * thread-safe.
 */
public interface Loss {
  /** Network output width this loss reads. */
  int outputs();

  /** Width of one sample's target vector. */
  int targetWidth();

  /**
   * The loss of one sample, and its gradient with respect to {@code output} written into {@code
   * gradient} (when not {@code null}).
   *
   * @param output the network's output, {@link #outputs()} floats
   * @param target the target array; the sample's target starts at {@code targetOffset}
   */
  double evaluate(float[] output, float[] target, int targetOffset, float[] gradient);

  /** Half the squared error, summed over outputs; target = the desired outputs. */
  static Loss meanSquared(int width) {
    return new Loss() {
      @Override
      public int outputs() {
        return width;
      }

      @Override
      public int targetWidth() {
        return width;
      }

      @Override
      public double evaluate(float[] output, float[] target, int off, float[] gradient) {
        double loss = 0;
        for (int i = 0; i < width; i++) {
          double d = (double) output[i] - target[off + i];
          loss += 0.5 * d * d;
          if (gradient != null) {
            gradient[i] = (float) d;
          }
        }
        return loss;
      }
    };
  }
}
