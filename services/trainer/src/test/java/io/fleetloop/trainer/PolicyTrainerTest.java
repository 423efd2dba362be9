package io.fleetloop.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fleetloop.chip.ChipArithmetic;
import io.fleetloop.chip.Rounding;
import io.fleetloop.chip.WeightGranularity;
import io.fleetloop.world.PolicyModel;
import io.fleetloop.world.PolicyTraining;
import io.fleetloop.world.model.Dataset;
import io.fleetloop.world.model.Mlp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PolicyTrainerTest {
  private static Dataset data;

  @BeforeAll
  static void demonstrations() {
    data = TestData.demonstrations(5, 300, 600, 10); // 18,000 frames
  }

  private static Mlp fp32(int epochs, long seed, List<EpochReport> reports) {
    Mlp mlp = PolicyModel.untrained(PolicyTraining.POLICY_NAME, "t", seed).mlp();
    PolicyTrainer.train(
        mlp, data, PhaseOptions.defaults(Precision.FP32, epochs, seed), null, reports::add);
    return mlp;
  }

  @Test
  void theFp32PhaseConvergesOnAFixedSeed() {
    List<EpochReport> reports = new ArrayList<>();
    fp32(8, 7, reports);
    assertThat(reports).hasSize(8);
    assertThat(reports.get(0).progressLine()).startsWith("epoch 1/8 loss=");
    // the loss falls, and the decisions match the human's on most frames
    assertThat(reports.get(7).loss()).isLessThan(reports.get(0).loss() * 0.5);
    assertThat(reports.get(7).accuracy())
        .isGreaterThan(0.84)
        .isGreaterThan(reports.get(0).accuracy() + 0.04);
  }

  @Test
  void trainingIsDeterministicForASeed() {
    Mlp a = fp32(2, 9, new ArrayList<>());
    Mlp b = fp32(2, 9, new ArrayList<>());
    assertThat(a.sameAs(b)).isTrue();
    // no held-out selection: the phase keeps its last epoch, which must differ from the start
    PhaseOptions chip = PhaseOptions.defaults(Precision.CHIP, 1, 3).withValidationShare(0);
    Mlp c1 = a.copy();
    Mlp c2 = a.copy();
    PolicyTrainer.train(c1, data, chip, null, e -> {});
    PolicyTrainer.train(c2, data, chip, null, e -> {});
    assertThat(c1.sameAs(c2)).isTrue();
    assertThat(c1.sameAs(a)).as("the chip phase changed the weights").isFalse();
  }

  @Test
  void theChipPhaseTrainsThroughTheChipsArithmeticAndQatDoesNot() {
    Mlp start = fp32(3, 11, new ArrayList<>());
    ChipDeployment halfEven =
        ChipDeployment.calibrate(
            start,
            TrainingSamples.inputs(data, 2048),
            new ChipArithmetic(Rounding.HALF_EVEN, true),
            WeightGranularity.PER_CHANNEL);
    ChipDeployment towardZero =
        new ChipDeployment(
            new ChipArithmetic(Rounding.TOWARD_ZERO, true),
            WeightGranularity.PER_CHANNEL,
            halfEven.calibration());
    // the same data, start, calibration and options; only the chip's rounding differs
    Mlp chipEven = trained(start, Precision.CHIP, halfEven);
    Mlp chipZero = trained(start, Precision.CHIP, towardZero);
    Mlp qatEven = trained(start, Precision.QAT, halfEven);
    Mlp qatZero = trained(start, Precision.QAT, towardZero);
    assertThat(chipEven.sameAs(chipZero))
        .as("hardware in the loop sees the chip's rounding")
        .isFalse();
    assertThat(qatEven.sameAs(qatZero))
        .as("fake-quant simulates round-to-nearest whatever the chip does")
        .isTrue();
  }

  private static Mlp trained(Mlp start, Precision p, ChipDeployment deployment) {
    Mlp m = start.copy();
    // the raw training dynamics (no selection, which could keep the shared start weights)
    PhaseOptions o =
        PhaseOptions.defaults(p, 1, 13)
            .withArithmetic(deployment.arithmetic())
            .withValidationShare(0);
    PhaseResult r = PolicyTrainer.train(m, data, o, deployment, e -> {});
    assertThat(r.deployment()).isSameAs(deployment);
    assertThat(r.finalAccuracy()).isGreaterThan(0.8);
    return m;
  }

  @Test
  void theFp32TraceIsTheNetworksFp32Forward() {
    Mlp m = fp32(1, 19, new ArrayList<>());
    float[] x = new float[m.inputs()];
    for (int i = 0; i < 50; i++) {
      data.input(i * 300, x);
      float[] expected = m.forward(x);
      float[] traced = PolicyTrainer.fp32Trace(ChipDeployment.layers(m), x).output();
      for (int k = 0; k < expected.length; k++) {
        assertThat(traced[k]).isCloseTo(expected[k], within(1e-4f));
      }
    }
  }

  @Test
  void theAnchorsGradientIsTheDerivativeOfItsLoss() {
    float[] out = {0.3f, -1.2f, 2.0f, 0.1f, 0.25f};
    float[] teacher = {0.1f, 0.2f, 0.6f, 0.1f};
    float[] grad = new float[5];
    double loss = PolicyObjective.anchor(out, teacher, 0, -0.1f, 0.7, 1.5, grad);
    assertThat(loss).isPositive();
    for (int k = 0; k < 5; k++) {
      float[] up = out.clone();
      up[k] += 1e-3f;
      double numeric =
          (PolicyObjective.anchor(up, teacher, 0, -0.1f, 0.7, 1.5, new float[5]) - loss) / 1e-3;
      assertThat(grad[k]).as("output " + k).isCloseTo((float) numeric, within(5e-3f));
    }
  }

  @Test
  void theFp32AnchorKeepsTheFp32ForwardCloserToTheStartModel() {
    Mlp start = fp32(3, 23, new ArrayList<>());
    double[] distance = new double[2];
    double[] anchors = {0, PhaseOptions.DEFAULT_FP32_ANCHOR};
    for (int a = 0; a < 2; a++) {
      Mlp m = start.copy();
      // the raw dynamics (no selection), so both runs keep their last epoch
      PhaseOptions o =
          PhaseOptions.defaults(Precision.CHIP, 2, 29)
              .withValidationShare(0)
              .withLearningRate(1e-3)
              .withFp32Anchor(anchors[a]);
      PolicyTrainer.train(m, data, o, null, e -> {});
      distance[a] = meanSquaredDifference(start, m);
    }
    assertThat(distance[0]).as("unanchored FP32 outputs moved").isPositive();
    assertThat(distance[1]).as("anchored FP32 outputs moved less").isLessThan(distance[0] / 2);
  }

  /** Mean squared difference of the two networks' FP32 outputs over the data. */
  private static double meanSquaredDifference(Mlp a, Mlp b) {
    float[] x = new float[a.inputs()];
    double sum = 0;
    for (int i = 0; i < data.size(); i++) {
      data.input(i, x);
      float[] ya = a.forward(x);
      float[] yb = b.forward(x);
      for (int k = 0; k < ya.length; k++) {
        sum += (ya[k] - yb[k]) * (double) (ya[k] - yb[k]);
      }
    }
    return sum / data.size();
  }

  @Test
  void theSelectionKeepsTheBestHeldOutWeightsStartingFromTheStartWeights() {
    Mlp start = fp32(3, 17, new ArrayList<>());
    for (Precision p : List.of(Precision.QAT, Precision.CHIP)) {
      Mlp m = start.copy();
      // a step size far too large: training moves away from the reference
      PhaseOptions o = PhaseOptions.defaults(p, 3, 5).withLearningRate(0.05);
      PhaseResult r = PolicyTrainer.train(m, data, o, null, e -> {});
      assertThat(r.validation()).hasSize(4);
      int best = 0;
      for (int e = 1; e < r.validation().size(); e++) {
        if (r.validation().get(e) < r.validation().get(best)) {
          best = e;
        }
      }
      assertThat(r.selectedEpoch()).as(p + " keeps the first best epoch").isEqualTo(best);
      // the kept weights are those of the start (epoch 0) or of the epoch that scored best
      if (best == 0) {
        assertThat(m.sameAs(start)).isTrue();
      } else {
        assertThat(m.sameAs(start)).isFalse();
      }
      // held out: every 10th sample; trained on the rest
      assertThat(r.samples()).isEqualTo(data.size() - data.size() / 10);
    }
  }

  @Test
  void theSelectionScoreIsTheHeldOutDisagreementOfTheChip() {
    Mlp start = fp32(3, 19, new ArrayList<>());
    Mlp m = start.copy();
    PhaseResult r =
        PolicyTrainer.train(m, data, PhaseOptions.defaults(Precision.CHIP, 1, 3), null, e -> {});
    // epoch 0: the start weights compiled for the chip vs their own FP32 decisions on every 10th
    float[] x = PolicyDecisions.inputs(data);
    int[] fp32 = PolicyDecisions.fp32(start, x, data.size());
    int[] chip = PolicyDecisions.chip(r.deployment().runtime(start), x, data.size());
    double wrong = 0;
    double total = 0;
    for (int i = 9; i < data.size(); i += 10) {
      double w =
          TrainingSamples.weight(data, i)
              * (io.fleetloop.world.Conditions.RARE.test(data.tag(i))
                  ? PhaseOptions.DEFAULT_TAIL_WEIGHT
                  : 1);
      total += w;
      wrong += chip[i] != fp32[i] ? w : 0;
    }
    assertThat(r.validation().get(0)).isCloseTo(wrong / total, within(1e-12));
    assertThat(r.validation().get(r.selectedEpoch())).isLessThanOrEqualTo(r.validation().get(0));
  }

  @Test
  void theMarginHingeGradientMatchesFiniteDifferences() {
    float[] out = {0.3f, 0.25f, 0.36f, 0.1f, 0.4f};
    float[] target = {1f, -0.2f, 3f, 0.7f};
    float[] teacher = {0.1f, 0.5f, 0.3f, 0.1f};
    float[] g = new float[5];
    // reference class 0, margin 0.1: classes 1 and 2 violate it, class 3 does not
    double loss = PolicyObjective.evaluate(out, target, 0, teacher, 0, 1.0, 0, 0.1, 2.0, g);
    double plain = PolicyObjective.evaluate(out, target, 0, teacher, 0, 1.0, null);
    assertThat(loss).isCloseTo(2 * (plain + 0.7 * ((0.1 - 0.05) + (0.1 + 0.06))), within(1e-6));
    for (int k = 0; k < 5; k++) {
      float saved = out[k];
      out[k] = saved + 1e-3f;
      double up = PolicyObjective.evaluate(out, target, 0, teacher, 0, 1.0, 0, 0.1, 2.0, null);
      out[k] = saved - 1e-3f;
      double down = PolicyObjective.evaluate(out, target, 0, teacher, 0, 1.0, 0, 0.1, 2.0, null);
      out[k] = saved;
      assertThat((double) g[k]).isCloseTo((up - down) / 2e-3, within(2e-3));
    }
  }

  @Test
  void theObjectiveGradientMatchesFiniteDifferences() {
    float[] out = {0.3f, -1.2f, 2.0f, 0.1f, 0.4f};
    float[] target = {1f, -0.2f, 3f, 0.7f};
    float[] teacher = {0.1f, 0.5f, 0.3f, 0.1f};
    float[] g = new float[5];
    PolicyObjective.evaluate(out, target, 0, teacher, 0, 0.4, g);
    for (int k = 0; k < 5; k++) {
      float saved = out[k];
      out[k] = saved + 1e-3f;
      double up = PolicyObjective.evaluate(out, target, 0, teacher, 0, 0.4, null);
      out[k] = saved - 1e-3f;
      double down = PolicyObjective.evaluate(out, target, 0, teacher, 0, 0.4, null);
      out[k] = saved;
      assertThat((double) g[k])
          .isCloseTo((up - down) / 2e-3, org.assertj.core.data.Offset.offset(1e-3));
    }
  }
}
