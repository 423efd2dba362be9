package io.fleetloop.release.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

class CohortsTest {

  @Test
  void isTheFirstFourBytesOfSha256ModuloTenThousand() throws Exception {
    byte[] digest =
        MessageDigest.getInstance("SHA-256").digest("car-0042".getBytes(StandardCharsets.UTF_8));
    long expected = Integer.toUnsignedLong(ByteBuffer.wrap(digest).getInt()) % 10_000;

    assertThat(Cohorts.of("car-0042")).isEqualTo((int) expected);
  }

  @Test
  void isStableAndInRange() {
    for (int i = 0; i < 5_000; i++) {
      String id = "device-" + i;
      int cohort = Cohorts.of(id);
      assertThat(cohort).isBetween(0, Cohorts.COHORTS - 1);
      assertThat(Cohorts.of(new String(id.toCharArray()))).isEqualTo(cohort);
    }
  }

  @Test
  void spreadsDevicesUniformly() {
    int devices = 100_000;
    int[] buckets = new int[10];
    for (int i = 0; i < devices; i++) {
      buckets[Cohorts.of("vin-" + i) / 1_000]++;
    }
    // chi-square with 9 degrees of freedom: the 0.999 quantile is 27.88
    double expected = devices / 10.0;
    double chi2 = 0;
    for (int b : buckets) {
      chi2 += (b - expected) * (b - expected) / expected;
    }
    assertThat(chi2).isLessThan(27.88);
  }

  @Test
  void theFirstPercentHoldsAboutThatShareOfDevices() {
    int devices = 50_000;
    int inFive = 0;
    for (int i = 0; i < devices; i++) {
      if (Cohorts.deviceInFirstPercent("robot-" + i, 5)) {
        inFive++;
      }
    }
    // binomial(50000, 0.05): mean 2500, sd ~48.7; six sd either side
    assertThat(inFive).isBetween(2500 - 293, 2500 + 293);
  }

  @Test
  void aDeviceInASliceStaysInAsItGrows() {
    for (int i = 0; i < 2_000; i++) {
      String id = "truck-" + i;
      boolean seen = false;
      for (double p : new double[] {0.5, 1, 5, 10, 25, 50, 100}) {
        boolean in = Cohorts.deviceInFirstPercent(id, p);
        if (seen) {
          assertThat(in).as("%s in the first %s%%", id, p).isTrue();
        }
        seen |= in;
      }
      assertThat(Cohorts.deviceInFirstPercent(id, 100)).isTrue();
      assertThat(Cohorts.deviceInFirstPercent(id, 0)).isFalse();
    }
  }

  @Test
  void refusesPercentagesOutsideZeroToHundred() {
    assertThatThrownBy(() -> Cohorts.inFirstPercent(1, 101))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[0, 100]");
  }
}
