package io.fleetloop.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.hipparchus.stat.inference.AlternativeHypothesis;
import org.hipparchus.stat.inference.BinomialTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConditionalBinomialTestTest {

  /** Exact upper tails P(Binomial(n, p) >= x), summed in rational arithmetic. */
  @ParameterizedTest(name = "P(Bin({0}, {2}) >= {1}) = {3}")
  @CsvSource({
    "10,   7,   0.5,                0.171875",
    "20,   9,   0.2,                0.009981786320724296",
    "3,    3,   0.01,               1e-6",
    "40,   25,  0.3333333333333333, 0.00015015639982831583",
    "1000, 150, 0.1,                4.4894428594500086e-07",
    "10,   0,   0.5,                1"
  })
  void upperTailMatchesExactValues(int n, int x, double p, double expected) {
    assertThat(ConditionalBinomialTest.upperTail(n, x, p))
        .isCloseTo(expected, within(expected * 1e-9));
  }

  @Test
  void agreesWithHipparchusBinomialTestWhereThatIsAccurate() {
    BinomialTest reference = new BinomialTest();
    for (int n : new int[] {1, 7, 30, 200}) {
      for (int x = 0; x <= n; x += Math.max(1, n / 10)) {
        for (double p : new double[] {0.01, 0.1, 0.37, 0.8}) {
          double expected = reference.binomialTest(n, x, p, AlternativeHypothesis.GREATER_THAN);
          assertThat(ConditionalBinomialTest.upperTail(n, x, p))
              .as("n=%d x=%d p=%s", n, x, p)
              .isCloseTo(expected, within(1e-12));
        }
      }
    }
  }

  @Test
  void comparesTwoPoissonRatesGivenTheirTotal() {
    // candidate 12 over 1,000 km, stable 50 over 9,000 km: p0 = 0.1, n = 62
    RateComparison c =
        ConditionalBinomialTest.compare(Exposure.of(1000, 12), Exposure.of(9000, 50), 1.0, 0.95);

    assertThat(c.pValue()).isCloseTo(0.018701892264932973, within(1e-12));
    assertThat(c.ratio()).isCloseTo(2.16, within(1e-12));
    // Clopper-Pearson on p mapped to the ratio (scipy beta.ppf)
    assertThat(c.ratioLow()).isCloseTo(1.0469934640925982, within(1e-7));
    assertThat(c.ratioHigh()).isCloseTo(4.113530201350177, within(1e-7));
  }

  @Test
  void anAcceptedRegressionMovesTheNull() {
    // theta0 = 1.1: p0 = 1.1 / 10.1
    RateComparison c =
        ConditionalBinomialTest.compare(Exposure.of(1000, 12), Exposure.of(9000, 50), 1.1, 0.95);

    assertThat(c.pValue()).isCloseTo(0.03377348018596577, within(1e-12));
  }

  @Test
  void noEventsIsNoEvidence() {
    RateComparison none =
        ConditionalBinomialTest.compare(Exposure.of(500, 0), Exposure.of(50000, 0), 1.0, 0.95);
    RateComparison onlyStable =
        ConditionalBinomialTest.compare(Exposure.of(500, 0), Exposure.of(50000, 40), 1.0, 0.95);

    assertThat(none.pValue()).isEqualTo(1);
    assertThat(none.ratio()).isNaN();
    assertThat(onlyStable.pValue()).isEqualTo(1);
    assertThat(onlyStable.ratio()).isZero();
    assertThat(onlyStable.ratioLow()).isZero();
    assertThat(onlyStable.ratioHigh()).isFinite();
  }
}
