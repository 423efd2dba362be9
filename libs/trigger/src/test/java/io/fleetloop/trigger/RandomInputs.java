package io.fleetloop.trigger;

import java.util.Map;
import java.util.SplittableRandom;

/**
 * Random but reproducible inputs for property tests: mostly plausible driving values around the
 * thresholds conditions use, plus a few percent of the values where engines part ways if they are
 * careless (NaN, -0.0, infinities, the extremes of int and long).
 */
final class RandomInputs {

  /** One evaluation's arguments. */
  record Input(Frame frame, Shadow shadow, Env env, Device device) {}

  private static final String[] ACTIONS = {"keep_lane", "brake", "stop", "change_left"};
  private static final double[] ODD_DOUBLES = {
    Double.NaN, -0.0, 0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e300, -1e300
  };
  private static final long[] ODD_LONGS = {
    Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE + 1, -1, 0, 1, 4_611_686_018_427_387_904L
  };
  private static final Device[] DEVICES = {
    new Device("car-0", Map.of(), "fsd-hw3"),
    new Device("car-1", Map.of("fleet", "model-y-na"), "fsd-hw4"),
    new Device("car-2", Map.of("fleet", "model-3-eu", "region", "eu"), "fsd-hw4"),
    new Device("car-3", Map.of("region", "eu", "canary", "true"), "fsd-hw4"),
    new Device("car-4", Map.of("canary", "false", "fleet", "model-y-na"), "fsd-hw3"),
  };

  private final SplittableRandom random;

  RandomInputs(long seed) {
    this.random = new SplittableRandom(seed);
  }

  Input next() {
    return new Input(frame(), shadow(), env(), DEVICES[random.nextInt(DEVICES.length)]);
  }

  private Frame frame() {
    return Frame.builder()
        .speedMps(dbl(0, 40))
        .accelMps2(dbl(-8, 4))
        .steering(random.nextInt(4) != 0 ? dbl(-1, 1) : pick(-1.0, 0.0, -0.0, 1.0))
        .brake(dbl(0, 1))
        .takeover(random.nextInt(8) == 0)
        .ttcSeconds(random.nextInt(3) == 0 ? Frame.TTC_NONE : dbl(0, 6))
        .lateralOffsetM(dbl(-1.5, 1.5))
        .pedestrians(smallInt(6))
        .vehiclesNearby(smallInt(8))
        .timestampMs(
            random.nextInt(10) == 0
                ? ODD_LONGS[random.nextInt(ODD_LONGS.length)]
                : 1_700_000_000_000L + random.nextLong(100_000_000L))
        .build();
  }

  private Shadow shadow() {
    String active = ACTIONS[random.nextInt(ACTIONS.length)];
    String shadow = random.nextBoolean() ? active : ACTIONS[random.nextInt(ACTIONS.length)];
    return new Shadow(dbl(0, 1), active, shadow, dbl(-1, 1), dbl(-1, 1));
  }

  private Env env() {
    return new Env(
        Env.Weather.values()[random.nextInt(Env.Weather.values().length)],
        Env.Zone.values()[random.nextInt(Env.Zone.values().length)],
        Env.Light.values()[random.nextInt(Env.Light.values().length)],
        Env.Road.values()[random.nextInt(Env.Road.values().length)]);
  }

  /** Uniform in [lo, hi), a round value now and then (ties with literals), 3% odd values. */
  private double dbl(double lo, double hi) {
    int dice = random.nextInt(100);
    if (dice < 3) {
      return ODD_DOUBLES[random.nextInt(ODD_DOUBLES.length)];
    }
    if (dice < 13) {
      return Math.rint(lo + random.nextDouble() * (hi - lo));
    }
    return lo + random.nextDouble() * (hi - lo);
  }

  private int smallInt(int bound) {
    int dice = random.nextInt(100);
    if (dice == 0) {
      return Integer.MAX_VALUE;
    }
    if (dice == 1) {
      return Integer.MIN_VALUE;
    }
    return random.nextInt(bound);
  }

  private double pick(double... values) {
    return values[random.nextInt(values.length)];
  }
}
