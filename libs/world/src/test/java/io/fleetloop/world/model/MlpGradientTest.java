package io.fleetloop.world.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetloop.world.PolicyLoss;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MlpGradientTest {

  /**
   * Central differences in double around float parameters: the loss as a function of one weight.
   */
  private static double numeric(
      Mlp mlp, int k, boolean bias, int idx, float[] x, float[] t, Loss loss) {
    Mlp.Layer l = mlp.layer(k);
    float[] p = bias ? l.b : l.w;
    float saved = p[idx];
    double h = 1e-2;
    float[] out = new float[mlp.outputs()];
    p[idx] = (float) (saved + h);
    double hi = evaluate(mlp, x, t, loss, out);
    p[idx] = (float) (saved - h);
    double lo = evaluate(mlp, x, t, loss, out);
    p[idx] = saved;
    double actualStep = ((double) (float) (saved + h) - (double) (float) (saved - h));
    return (hi - lo) / actualStep;
  }

  private static double evaluate(Mlp mlp, float[] x, float[] t, Loss loss, float[] out) {
    mlp.runner().forward(x, 0, out, 0);
    return loss.evaluate(out, t, 0, null);
  }

  private static void check(Mlp mlp, float[] x, float[] t, Loss loss) {
    float[][][] g = Trainer.gradient(mlp, x, t, loss);
    int compared = 0;
    for (int k = 0; k < mlp.layerCount(); k++) {
      Mlp.Layer l = mlp.layer(k);
      for (int b = 0; b < 2; b++) {
        float[] analytic = g[k][b];
        int n = b == 0 ? l.w.length : l.b.length;
        assertThat(analytic).hasSize(n);
        for (int i = 0; i < n; i++) {
          double num = numeric(mlp, k, b == 1, i, x, t, loss);
          double tol = 2e-3 + 2e-2 * Math.abs(num);
          assertThat((double) analytic[i])
              .as("layer %d %s %d", k, b == 0 ? "weight" : "bias", i)
              .isCloseTo(num, org.assertj.core.data.Offset.offset(tol));
          compared++;
        }
      }
    }
    assertThat(compared).isEqualTo((int) mlp.parameterCount());
  }

  @Test
  void analyticGradientMatchesCentralDifferencesUnderSquaredError() {
    Mlp mlp = Mlp.create(5, 3, 4, 4, 2);
    // biases away from zero keep every ReLU away from its kink for this input
    SplittableRandom r = new SplittableRandom(9);
    for (int k = 0; k < mlp.layerCount(); k++) {
      for (int i = 0; i < mlp.layer(k).b.length; i++) {
        mlp.layer(k).b[i] = (float) (0.5 + r.nextDouble());
      }
    }
    check(mlp, new float[] {0.3f, -0.7f, 1.1f}, new float[] {0.25f, -0.5f}, Loss.meanSquared(2));
  }

  @Test
  void analyticGradientMatchesCentralDifferencesUnderThePolicyLoss() {
    Mlp mlp = Mlp.create(11, 4, 6, 5);
    SplittableRandom r = new SplittableRandom(3);
    for (int i = 0; i < mlp.layer(0).b.length; i++) {
      mlp.layer(0).b[i] = (float) (0.5 + r.nextDouble());
    }
    float[] x = {0.4f, -0.2f, 0.9f, 0.1f};
    // category 1 (brake), oracle steering 0.2, steering weight 3
    check(mlp, x, new float[] {1f, 0.2f, 3f}, PolicyLoss.INSTANCE);
  }

  @Test
  void batchedForwardIsBitIdenticalToOneSampleForward() {
    Mlp mlp = Mlp.create(1, 26, 32, 32, 5);
    SplittableRandom r = new SplittableRandom(2);
    int batch = 37;
    float[][] x = new float[26][batch];
    float[][] y = new float[5][batch];
    for (int i = 0; i < 26; i++) {
      for (int j = 0; j < batch; j++) {
        x[i][j] = (float) r.nextGaussian();
      }
    }
    mlp.runner().forwardBatch(x, batch, y);
    Mlp.Runner one = mlp.runner();
    float[] in = new float[26];
    float[] out = new float[5];
    for (int j = 0; j < batch; j++) {
      for (int i = 0; i < 26; i++) {
        in[i] = x[i][j];
      }
      one.forward(in, 0, out, 0);
      for (int o = 0; o < 5; o++) {
        assertThat(Float.floatToRawIntBits(y[o][j]))
            .as("sample %d output %d", j, o)
            .isEqualTo(Float.floatToRawIntBits(out[o]));
      }
    }
  }

  @Test
  void trainingIsDeterministicAndLowersTheLoss() {
    SplittableRandom r = new SplittableRandom(4);
    Dataset.Builder b = Dataset.builder(2, 1);
    for (int i = 0; i < 512; i++) {
      float u = (float) (2 * r.nextDouble() - 1);
      float v = (float) (2 * r.nextDouble() - 1);
      b.add(new float[] {u, v}, new float[] {u * v + 0.5f * u}, i);
    }
    Dataset data = b.build();
    Trainer trainer = new Trainer(Trainer.Options.defaults(8).withEpochs(30).withBatchSize(32));
    Mlp a = Mlp.create(1, 2, 16, 16, 1);
    Mlp c = a.copy();
    double before = Trainer.meanLoss(a, data, Loss.meanSquared(1));
    trainer.train(a, data, Loss.meanSquared(1));
    trainer.train(c, data, Loss.meanSquared(1));
    double after = Trainer.meanLoss(a, data, Loss.meanSquared(1));
    assertThat(a.sameAs(c)).isTrue();
    assertThat(after).isLessThan(before / 10);
  }
}
