package io.fleetloop.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.hipparchus.distribution.discrete.BinomialDistribution;
import org.junit.jupiter.api.Test;

class MixtureSprtTest {

  private static final List<Double> GRID = MixtureSprt.DEFAULT_ALTERNATIVES;

  @Test
  void anIncrementWithoutEventsOrWithoutOneArmSaysNothing() {
    assertThat(MixtureSprt.logLikelihoodRatios(Exposure.of(100, 0), Exposure.of(9900, 0), 1, GRID))
        .containsOnly(0.0);
    assertThat(MixtureSprt.logLikelihoodRatios(Exposure.of(100, 3), Exposure.NONE, 1, GRID))
        .containsOnly(0.0);
    assertThat(MixtureSprt.logLikelihoodRatios(Exposure.NONE, Exposure.of(9900, 3), 1, GRID))
        .containsOnly(0.0);
    assertThat(MixtureSprt.sequentialP(new double[GRID.size()])).isEqualTo(1);
  }

  @Test
  void isTheBinomialLikelihoodRatioAtEachAlternative() {
    double[] lr =
        MixtureSprt.logLikelihoodRatios(Exposure.of(100, 4), Exposure.of(900, 6), 1, GRID);

    for (int g = 0; g < GRID.size(); g++) {
      double theta = GRID.get(g);
      double p1 = theta * 100 / (theta * 100 + 900);
      double expected =
          Math.log(new BinomialDistribution(10, p1).probability(4))
              - Math.log(new BinomialDistribution(10, 0.1).probability(4));
      assertThat(lr[g]).isCloseTo(expected, within(1e-9));
    }
  }

  @Test
  void lookingMoreOftenAtAFixedSplitDoesNotChangeTheEvidence() {
    // with the same km split, the binomial coefficients cancel: one look or three, same statistic
    double[] once =
        MixtureSprt.logLikelihoodRatios(Exposure.of(300, 9), Exposure.of(2700, 40), 1, GRID);
    double[] a =
        MixtureSprt.logLikelihoodRatios(Exposure.of(100, 2), Exposure.of(900, 11), 1, GRID);
    double[] b =
        MixtureSprt.logLikelihoodRatios(Exposure.of(150, 5), Exposure.of(1350, 20), 1, GRID);
    double[] c = MixtureSprt.logLikelihoodRatios(Exposure.of(50, 2), Exposure.of(450, 9), 1, GRID);

    for (int g = 0; g < GRID.size(); g++) {
      assertThat(a[g] + b[g] + c[g]).isCloseTo(once[g], within(1e-9));
    }
  }

  @Test
  void candidateHeavyEventsAreEvidenceOfRegressionAndLightOnesAgainst() {
    double[] heavy =
        MixtureSprt.logLikelihoodRatios(Exposure.of(100, 10), Exposure.of(9900, 90), 1, GRID);
    double[] light =
        MixtureSprt.logLikelihoodRatios(Exposure.of(100, 0), Exposure.of(9900, 90), 1, GRID);

    assertThat(java.util.Arrays.stream(heavy).min().getAsDouble()).isPositive();
    assertThat(java.util.Arrays.stream(light).max().getAsDouble()).isNegative();
    assertThat(MixtureSprt.sequentialP(heavy)).isLessThan(0.001);
    assertThat(MixtureSprt.sequentialP(light)).isEqualTo(1);
  }

  @Test
  void theMixtureIsTheMeanOfTheLikelihoodRatios() {
    double[] lr = {Math.log(2), Math.log(4), Math.log(0.5), Math.log(1.5)};

    assertThat(Math.exp(MixtureSprt.logMixture(lr))).isCloseTo(2.0, within(1e-12));
    assertThat(MixtureSprt.sequentialP(lr)).isCloseTo(0.5, within(1e-12));
    assertThat(MixtureSprt.logMixture(new double[] {1000, 1000})).isCloseTo(1000, within(1e-9));
  }
}
