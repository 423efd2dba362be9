package io.fleetloop.chip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StraightThroughTest {

  @Test
  void backwardByHandOnATwoLayerTrace() {
    // layer 0: 2 -> 2, layer 1: 2 -> 1; values chosen by hand
    LayerTrace l0 =
        new LayerTrace(
            2,
            2,
            new float[] {1f, -2f},
            new float[] {0.5f, 1f, -1f, 2f},
            new byte[2],
            new float[] {3f, 0f},
            new float[] {1f, 0f}); // second unit clipped (ReLU off)
    LayerTrace l1 =
        new LayerTrace(
            2,
            1,
            new float[] {3f, 0f},
            new float[] {2f, -3f},
            new byte[1],
            new float[] {6f},
            new float[] {1f});
    ForwardTrace trace = new ForwardTrace(List.of(l0, l1));
    Gradients g =
        Gradients.zerosLike(
            List.of(
                new DenseLayer(2, 2, new float[4], new float[2], Activation.RELU),
                new DenseLayer(2, 1, new float[2], new float[1], Activation.NONE)));
    float[] gradIn = StraightThrough.backward(trace, new float[] {0.5f}, g);
    // layer 1: δ = 0.5; dW = 0.5 * (3, 0); db = 0.5; g_prev = (2 * 0.5, -3 * 0.5) = (1, -1.5)
    assertThat(g.weights(1)).containsExactly(1.5f, 0f);
    assertThat(g.bias(1)).containsExactly(0.5f);
    // layer 0: δ = (1 * 1, -1.5 * 0) = (1, 0); dW row 0 = 1 * (1, -2); row 1 = 0
    assertThat(g.weights(0)).containsExactly(1f, -2f, 0f, 0f);
    assertThat(g.bias(0)).containsExactly(1f, 0f);
    // input gradient: Ŵᵀ δ = (0.5 * 1, 1 * 1)
    assertThat(gradIn).containsExactly(0.5f, 1f);
    // accumulates across samples; scale and clear
    StraightThrough.backward(trace, new float[] {0.5f}, g);
    assertThat(g.bias(1)).containsExactly(1f);
    g.scale(0.5f);
    assertThat(g.bias(1)).containsExactly(0.5f);
    g.clear();
    assertThat(g.weights(0)).containsOnly(0f);
  }
}
