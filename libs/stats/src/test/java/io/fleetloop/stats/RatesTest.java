package io.fleetloop.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.hipparchus.distribution.discrete.PoissonDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RatesTest {

  /** Garwood 95% bounds for the mean count, from tables (and R's poisson.test / scipy chi2.ppf). */
  @ParameterizedTest(name = "{0} events: [{1}, {2}]")
  @CsvSource({
    "0,   0,                    3.6888794541139354",
    "1,   0.025317807984289876, 5.571643390938898",
    "5,   1.6234863901184207,   11.66833207932267",
    "10,  4.7953886961324335,   18.39035604201778",
    "100, 81.36399125092314,    121.62679379242638"
  })
  void garwoodBoundsAt95Percent(long events, double low, double high) {
    // over 1,000 km the bounds per 1,000 km are the bounds of the mean count
    RateEstimate r = Rates.rate(Exposure.of(1000, events), 0.95);

    assertThat(r.per1000Km()).isEqualTo(events);
    assertThat(r.ciLow()).isCloseTo(low, within(1e-7 * Math.max(1, low)));
    assertThat(r.ciHigh()).isCloseTo(high, within(1e-7 * high));
  }

  @Test
  void zeroEventsHaveLowerBoundZeroAndUpperMinusLogHalfAlpha() {
    RateEstimate r = Rates.rate(Exposure.of(2000, 0), 0.95);

    assertThat(r.per1000Km()).isZero();
    assertThat(r.ciLow()).isZero();
    // P(0 events | mu) = exp(-mu) = alpha / 2  =>  mu = -ln(0.025), per 2,000 km
    assertThat(r.ciHigh()).isCloseTo(-Math.log(0.025) / 2, within(1e-9));
  }

  @Test
  void scalesToInterventionsPer1000Km() {
    RateEstimate r = Rates.rate(Exposure.of(5210, 5), 0.99);

    assertThat(r.per1000Km()).isCloseTo(5 * 1000 / 5210.0, within(1e-12));
    // 99% Garwood for 5 events: [1.0779282406523194, 14.149759411023012]
    assertThat(r.ciLow()).isCloseTo(1.0779282406523194 * 1000 / 5210, within(1e-8));
    assertThat(r.ciHigh()).isCloseTo(14.149759411023012 * 1000 / 5210, within(1e-8));
    assertThat(r.confidence()).isEqualTo(0.99);
    assertThat(r.exposure()).isEqualTo(Exposure.of(5210, 5));
  }

  @Test
  void exactCoverageIsAtLeastTheConfidenceForEveryRate() {
    // coverage(mu) = sum over x of P(x | mu) [low(x) <= mu <= high(x)], over 1,000 km
    double[] low = new double[200];
    double[] high = new double[200];
    for (int x = 0; x < 200; x++) {
      RateEstimate r = Rates.rate(Exposure.of(1000, x), 0.95);
      low[x] = r.ciLow();
      high[x] = r.ciHigh();
    }
    for (double mu = 0.05; mu <= 60; mu += 0.05) {
      PoissonDistribution poisson = new PoissonDistribution(mu);
      double coverage = 0;
      for (int x = 0; x < 200; x++) {
        if (low[x] <= mu && mu <= high[x]) {
          coverage += poisson.probability(x);
        }
      }
      assertThat(coverage).as("coverage at mu = %.2f", mu).isGreaterThanOrEqualTo(0.95 - 1e-9);
    }
  }

  @Test
  void refusesNoKilometresAndBadConfidence() {
    assertThatThrownBy(() -> Rates.rate(Exposure.NONE, 0.95))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("km > 0");
    assertThatThrownBy(() -> Rates.rate(Exposure.of(10, 1), 1.0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Exposure.of(-1, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Exposure.of(1, -1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void exposureIncrementsRefuseAReadingThatWentDown() {
    assertThat(Exposure.of(300, 4).since(Exposure.of(100, 1))).isEqualTo(Exposure.of(200, 3));
    assertThatThrownBy(() -> Exposure.of(300, 4).since(Exposure.of(100, 5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("went down");
  }
}
