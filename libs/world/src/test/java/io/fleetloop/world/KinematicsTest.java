package io.fleetloop.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class KinematicsTest {
  @Test
  void constantSpeedCoversSpeedTimesTimeExactly() {
    long um = 0;
    for (int f = 0; f < 1_000; f++) {
      um += Kinematics.toMicrometres(Kinematics.distance(20.0, 0.0, WorldConfig.DT_S));
    }
    // 100 s at 20 m/s: 2 km to the micrometre
    assertThat(um).isEqualTo(2_000_000_000L);
  }

  @Test
  void constantAccelerationUsesTheTrapezoid() {
    assertThat(Kinematics.distance(10.0, 2.0, 0.1)).isCloseTo(1.01, offset(1e-12));
    assertThat(Kinematics.nextSpeed(10.0, 2.0, 0.1)).isCloseTo(10.2, offset(1e-12));
  }

  @Test
  void aVehicleThatStopsWithinAFrameCoversItsStoppingDistance() {
    // 0.5 m/s braking at 7 m/s² stops after 0.0714 s, having covered v²/2a
    assertThat(Kinematics.distance(0.5, -7.0, 0.1)).isCloseTo(0.25 / 14, offset(1e-12));
    assertThat(Kinematics.nextSpeed(0.5, -7.0, 0.1)).isZero();
  }

  @Test
  void speedIsCappedAndTheCapIsRespectedInTheDistance() {
    assertThat(Kinematics.nextSpeed(44.9, 1.5, 0.1)).isEqualTo(Kinematics.V_MAX);
    // 0.0667 s accelerating to 45, then 0.0333 s at 45
    double t = 0.1 / 1.5;
    assertThat(Kinematics.distance(44.9, 1.5, 0.1))
        .isCloseTo((44.9 + 45) / 2 * t + 45 * (0.1 - t), offset(1e-9));
  }

  @Test
  void frictionOrdersTheBrakingCategories() {
    for (int road = 0; road < 3; road++) {
      double mu = Kinematics.friction(road);
      assertThat(Longitudinal.BRAKE_HARD.accelMps2(mu))
          .isLessThan(Longitudinal.BRAKE.accelMps2(mu));
      assertThat(Longitudinal.BRAKE.accelMps2(mu)).isLessThan(0);
      assertThat(Longitudinal.CRUISE.accelMps2(mu)).isZero();
      assertThat(Longitudinal.ACCELERATE.accelMps2(mu)).isPositive();
    }
    assertThat(Longitudinal.BRAKE_HARD.accelMps2(Kinematics.friction(2)))
        .isCloseTo(-2.55, offset(1e-12));
  }
}
