package io.fleetloop.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.fleetloop.trigger.Env;
import io.fleetloop.trigger.Env.Light;
import io.fleetloop.trigger.Env.Road;
import io.fleetloop.trigger.Env.Weather;
import io.fleetloop.trigger.Env.Zone;
import io.fleetloop.trigger.Frame;
import org.junit.jupiter.api.Test;

class OracleTest {
  private static final double INF = Double.POSITIVE_INFINITY;

  private static int cond(Weather w, Zone z, Light l, Road r) {
    return Conditions.index(new Env(w, z, l, r));
  }

  private static final int CLEAR_HIGHWAY = cond(Weather.CLEAR, Zone.HIGHWAY, Light.DAY, Road.DRY);

  private static int cruiseAt(int c, double v) {
    return Oracle.longitudinal(
        c, v, Oracle.targetSpeed(c, 0, 0), Frame.TTC_NONE, INF, 0, INF, false);
  }

  @Test
  void targetSpeedsCombineZoneWeatherLightAndRoad() {
    assertThat(Oracle.targetSpeed(CLEAR_HIGHWAY, 0, 0)).isEqualTo(30.0);
    int fogNightWet = cond(Weather.FOG, Zone.HIGHWAY, Light.NIGHT, Road.WET);
    assertThat(Oracle.targetSpeed(fogNightWet, 0, 0))
        .isCloseTo(30 * 0.55 * 0.8 * 0.9, offset(1e-9));
    int urban = cond(Weather.CLEAR, Zone.URBAN, Light.DAY, Road.DRY);
    assertThat(Oracle.targetSpeed(urban, 2, 0)).isEqualTo(10.0);
    // a 100 m radius curve on a dry road: sqrt(2.5 · 100)
    assertThat(Oracle.targetSpeed(CLEAR_HIGHWAY, 0, 0.01)).isCloseTo(Math.sqrt(250), offset(1e-9));
  }

  @Test
  void theTailHasRulesTheSingleFactorsDoNotPredict() {
    int fogWork = cond(Weather.FOG, Zone.CONSTRUCTION, Light.DAY, Road.DRY);
    int fogHighway = cond(Weather.FOG, Zone.HIGHWAY, Light.DAY, Road.DRY);
    int clearWork = cond(Weather.CLEAR, Zone.CONSTRUCTION, Light.DAY, Road.DRY);
    // fog alone and construction alone would suggest 12 · 0.55 = 6.6 m/s; the human crawls at 3
    assertThat(Oracle.targetSpeed(fogHighway, 0, 0)).isCloseTo(16.5, offset(1e-9));
    assertThat(Oracle.targetSpeed(clearWork, 0, 0)).isEqualTo(12.0);
    assertThat(Oracle.targetSpeed(fogWork, 0, 0)).isEqualTo(3.0);
    assertThat(cruiseAt(fogWork, 6.6)).isEqualTo(Longitudinal.BRAKE.ordinal());
    int icySchoolNight = cond(Weather.SNOW, Zone.SCHOOL, Light.NIGHT, Road.ICY);
    assertThat(Oracle.targetSpeed(icySchoolNight, 1, 0)).isEqualTo(1.5);
  }

  @Test
  void brakingFollowsTimeToCollisionScaledByCaution() {
    double vT = Oracle.targetSpeed(CLEAR_HIGHWAY, 0, 0);
    assertThat(Oracle.longitudinal(CLEAR_HIGHWAY, 30, vT, 1.5, 45, 0, INF, false))
        .isEqualTo(Longitudinal.BRAKE_HARD.ordinal());
    assertThat(Oracle.longitudinal(CLEAR_HIGHWAY, 30, vT, 3.0, 30, 20, INF, false))
        .isEqualTo(Longitudinal.BRAKE.ordinal());
    assertThat(Oracle.longitudinal(CLEAR_HIGHWAY, 30, vT, 8.0, 40, 25, INF, false))
        .isEqualTo(Longitudinal.CRUISE.ordinal());
    int icy = cond(Weather.CLEAR, Zone.HIGHWAY, Light.DAY, Road.ICY);
    // on ice the caution factor is 2: 3 s is already an emergency
    assertThat(Oracle.longitudinal(icy, 30, 15, 3.0, 90, 0, INF, false))
        .isEqualTo(Longitudinal.BRAKE_HARD.ordinal());
  }

  @Test
  void aLeadThatNeedsHardBrakingToStayClearOfIsAnEmergency() {
    // 15 m/s closing with 30 m to go (2 s): 225 / 54 = 4.2 m/s² needed, more than half of 7
    assertThat(Oracle.longitudinal(CLEAR_HIGHWAY, 25, 30, 2.0, 30, 10, INF, false))
        .isEqualTo(Longitudinal.BRAKE_HARD.ordinal());
    // 4 m/s closing with 40 m: 16 / 74 = 0.2 m/s², nothing to do yet
    assertThat(Oracle.longitudinal(CLEAR_HIGHWAY, 30, 30, 10.0, 40, 26, INF, false))
        .isEqualTo(Longitudinal.CRUISE.ordinal());
  }

  @Test
  void aHiddenHazardMeansBrakingHard() {
    assertThat(Oracle.longitudinal(CLEAR_HIGHWAY, 30, 30, Frame.TTC_NONE, INF, 0, INF, true))
        .isEqualTo(Longitudinal.BRAKE_HARD.ordinal());
  }

  @Test
  void speedIsBroughtToTheTarget() {
    assertThat(cruiseAt(CLEAR_HIGHWAY, 20)).isEqualTo(Longitudinal.ACCELERATE.ordinal());
    assertThat(cruiseAt(CLEAR_HIGHWAY, 30)).isEqualTo(Longitudinal.CRUISE.ordinal());
    assertThat(cruiseAt(CLEAR_HIGHWAY, 33)).isEqualTo(Longitudinal.BRAKE.ordinal());
    assertThat(cruiseAt(CLEAR_HIGHWAY, 45)).isEqualTo(Longitudinal.BRAKE_HARD.ordinal());
  }

  @Test
  void steeringFollowsTheLaneAndTheConstructionShift() {
    // centred and straight: no steering; left of centre: steer right (positive)
    assertThat(Oracle.steering(CLEAR_HIGHWAY, 20, 0, 0, 0)).isZero();
    assertThat(Oracle.steering(CLEAR_HIGHWAY, 20, 0.5, 0, 0)).isPositive();
    // a left curve needs left steering: c = κ, s = −κ / C_MAX
    assertThat(Oracle.steering(CLEAR_HIGHWAY, 20, 0, 0, 0.002)).isCloseTo(-0.04, offset(1e-12));
    int work = cond(Weather.CLEAR, Zone.CONSTRUCTION, Light.DAY, Road.DRY);
    // in a construction zone the lane is 1.5 m to the right: steer right from the old centre
    assertThat(Oracle.steering(work, 12, 0, 0, 0)).isPositive();
    assertThat(Oracle.steering(work, 12, -1.5, 0, 0)).isZero();
    int icy = cond(Weather.SNOW, Zone.URBAN, Light.DAY, Road.ICY);
    assertThat(Oracle.steering(icy, 5, 3, 0, 0)).isEqualTo(0.5);
  }
}
