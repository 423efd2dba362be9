package io.fleetloop.world;

import io.fleetloop.trigger.Frame;
import java.util.SplittableRandom;

/**
 * What surrounds each vehicle, struct-of-arrays: a lead vehicle (gap, speed, its own braking), a
 * standing obstacle (a crossing pedestrian), the hazards only the human perceives, and the counts
 * of pedestrians and vehicles in view.
 *
 * <p>Events are inhomogeneous Poisson processes driven by per-vehicle "clocks": each clock holds an
 * {@code Exp(1)} amount that the current rate (per km or per second, depending on the condition) is
 * subtracted from, so rates may change with the condition and a frame costs no random draw unless
 * an event fires.
 *
 * <ul>
 *   <li>Cut-ins: {@code 0.5 + 4·density} per km; a vehicle appears {@code max(8, v·U(0.6, 2))} m
 *       ahead at {@code v·U(0.6, 1)} (only when no lead is within 40 m). A lead drives at {@code
 *       U(0.75, 1.1)} × the condition's target speed, brakes now and then ({@code 0.03 +
 *       0.07·density} per second, {@code U(1.5, 3.5)·min(1, μ + 0.2)} m/s² for {@code U(1, 3)} s),
 *       and is gone beyond 150 m.
 *   <li>Crossing pedestrians: {@code 0.8} per km per pedestrian in view on average; the pedestrian
 *       stands in the lane {@code max(12, v·U(2.5, 5))} m ahead for {@code U(3, 7)} s.
 *   <li>Hidden hazards: {@link WorldConfig#hiddenHazardPerKm()}; the human brakes hard for 10
 *       frames.
 *   <li>Reaching a lead or an obstacle (gap ≤ 0) is a collision; the object is removed.
 *   <li>Counts are redrawn every 2 s: pedestrians {@code Poisson(pedestrian mean)}, vehicles {@code
 *       Poisson(1 + 7·density)}, plus the lead and the obstacle.
 * </ul>
 */
final class Traffic {
  static final int HAZARD_FRAMES = 10;
  private static final double INF = Double.POSITIVE_INFINITY;

  final double[] leadGap;
  final double[] leadSpeed;
  private final double[] leadFactor;
  private final double[] leadBrakeLeftS;
  private final double[] leadBrakeDecel;
  private final double[] leadBrakeClock;
  final double[] obstacle;
  private final double[] obstacleLeftS;
  private final int[] hazardLeft;
  private final double[] cutInClock;
  private final double[] crossingClock;
  private final double[] hazardClock;
  private final int[] peds;
  private final int[] vehs;
  private final int[] countsLeft;
  private final double hazardPerKm;

  Traffic(int n, double hazardPerKm) {
    leadGap = new double[n];
    leadSpeed = new double[n];
    leadFactor = new double[n];
    leadBrakeLeftS = new double[n];
    leadBrakeDecel = new double[n];
    leadBrakeClock = new double[n];
    obstacle = new double[n];
    obstacleLeftS = new double[n];
    hazardLeft = new int[n];
    cutInClock = new double[n];
    crossingClock = new double[n];
    hazardClock = new double[n];
    peds = new int[n];
    vehs = new int[n];
    countsLeft = new int[n];
    this.hazardPerKm = hazardPerKm;
  }

  void init(int v, double egoSpeed, double density, double pedMean, SplittableRandom rng) {
    if (rng.nextDouble() < density) {
      leadGap[v] = 20 + 80 * rng.nextDouble();
      leadSpeed[v] = egoSpeed * (0.8 + 0.3 * rng.nextDouble());
      leadFactor[v] = 0.75 + 0.35 * rng.nextDouble();
    } else {
      leadGap[v] = INF;
    }
    obstacle[v] = INF;
    leadBrakeClock[v] = exp1(rng);
    cutInClock[v] = exp1(rng);
    crossingClock[v] = exp1(rng);
    hazardClock[v] = exp1(rng);
    peds[v] = poisson(pedMean, rng);
    vehs[v] = poisson(1 + 7 * density, rng);
    countsLeft[v] = 1 + (v % 20);
  }

  /**
   * Moves vehicle {@code v}'s surroundings by one frame in which the ego covered {@code dx} metres
   * and now drives at {@code ego}. Returns the number of collisions in this frame.
   */
  int advance(
      int v,
      double dt,
      double dx,
      double ego,
      double density,
      double pedMean,
      double leadTarget,
      double mu,
      SplittableRandom rng) {
    int collisions = 0;
    double gap = leadGap[v];
    if (gap != INF) {
      double vl = leadSpeed[v];
      double a;
      if (leadBrakeLeftS[v] > 0) {
        leadBrakeLeftS[v] -= dt;
        a = -leadBrakeDecel[v];
      } else {
        a = 0.5 * (leadFactor[v] * leadTarget - vl);
        a = a > 1.5 ? 1.5 : (a < -2.0 ? -2.0 : a);
      }
      double nvl = vl + a * dt;
      if (nvl < 0) {
        nvl = 0;
      }
      double leadDx = (vl + nvl) * 0.5 * dt;
      gap += leadDx - dx;
      leadSpeed[v] = nvl;
      if (gap <= 0) {
        collisions++;
        gap = INF;
      } else if (gap > 150) {
        gap = INF;
      }
      leadGap[v] = gap;
      if ((leadBrakeClock[v] -= dt * (0.03 + 0.07 * density)) <= 0) {
        leadBrakeClock[v] = exp1(rng);
        if (gap != INF) {
          leadBrakeLeftS[v] = 1 + 2 * rng.nextDouble();
          leadBrakeDecel[v] = (1.5 + 2 * rng.nextDouble()) * Math.min(1.0, mu + 0.2);
        }
      }
    }
    double km = dx * 0.001;
    if ((cutInClock[v] -= km * (0.5 + 4 * density)) <= 0) {
      cutInClock[v] = exp1(rng);
      if (!(leadGap[v] < 40)) {
        leadGap[v] = Math.max(8, ego * (0.6 + 1.4 * rng.nextDouble()));
        leadSpeed[v] = ego * (0.6 + 0.4 * rng.nextDouble());
        leadFactor[v] = 0.75 + 0.35 * rng.nextDouble();
        leadBrakeLeftS[v] = 0;
      }
    }
    double obs = obstacle[v];
    if (obs != INF) {
      obs -= dx;
      if (obs <= 0) {
        collisions++;
        obs = INF;
      } else if ((obstacleLeftS[v] -= dt) <= 0) {
        obs = INF;
      }
      obstacle[v] = obs;
    }
    if (pedMean > 0 && (crossingClock[v] -= km * 0.8 * pedMean) <= 0) {
      crossingClock[v] = exp1(rng);
      if (obs == INF) {
        obstacle[v] = Math.max(12, ego * (2.5 + 2.5 * rng.nextDouble()));
        obstacleLeftS[v] = 3 + 4 * rng.nextDouble();
      }
    }
    if (hazardLeft[v] > 0) {
      hazardLeft[v]--;
    }
    if (hazardPerKm > 0 && (hazardClock[v] -= km * hazardPerKm) <= 0) {
      hazardClock[v] = exp1(rng);
      hazardLeft[v] = HAZARD_FRAMES;
    }
    if (--countsLeft[v] <= 0) {
      countsLeft[v] = 20;
      peds[v] = poisson(pedMean, rng);
      vehs[v] = poisson(1 + 7 * density, rng);
    }
    return collisions;
  }

  /** Time to collision with the lead or the obstacle at ego speed {@code ego}. */
  double ttc(int v, double ego) {
    double t = Frame.TTC_NONE;
    double gap = leadGap[v];
    if (gap != INF) {
      double closing = ego - leadSpeed[v];
      if (closing > 0.01) {
        t = Math.min(t, gap / closing);
      }
    }
    double obs = obstacle[v];
    if (obs != INF && ego > 0.01) {
      t = Math.min(t, obs / ego);
    }
    return t;
  }

  int pedestrians(int v) {
    return peds[v] + (obstacle[v] != INF ? 1 : 0);
  }

  int vehicles(int v) {
    return vehs[v] + (leadGap[v] != INF ? 1 : 0);
  }

  boolean hazard(int v) {
    return hazardLeft[v] > 0;
  }

  private static double exp1(SplittableRandom rng) {
    return -StrictMath.log(1.0 - rng.nextDouble());
  }

  static int poisson(double mean, SplittableRandom rng) {
    if (mean <= 0) {
      return 0;
    }
    double l = StrictMath.exp(-mean);
    int k = 0;
    double p = rng.nextDouble();
    while (p > l && k < 50) {
      k++;
      p *= rng.nextDouble();
    }
    return k;
  }
}
