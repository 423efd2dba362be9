package io.fleetloop.world;

import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Evolves every vehicle's driving conditions: weather, light and road surface over time, zone
 * segments and road curvature over distance, the traffic density of each zone segment, and the
 * {@link RareCombo}s injected on top. Struct-of-arrays, one slot per vehicle; every draw comes from
 * the vehicle's own {@link SplittableRandom}, so a vehicle's conditions depend only on the seed and
 * its own history.
 *
 * <ul>
 *   <li>Weather stretches last {@code Exp(weatherDwellS)} seconds, light stretches {@code
 *       Exp(lightDwellS)} seconds; at the end the next value is drawn from the configured
 *       frequencies. The road surface is redrawn with the weather ({@code roadGivenWeather}).
 *   <li>Zone segments last {@code Exp(zoneDwellM)} metres. A new segment is a {@link RareCombo}
 *       with the combination's probability (its non-null fields override the evolving values for
 *       the segment), otherwise a zone drawn from the zone frequencies. Each segment draws its
 *       traffic density from a zone-specific range.
 *   <li>Road curvature: stretches of {@code Exp(200 m)}, straight half of the time, otherwise a
 *       curve of up to the zone's typical curvature, approached gradually (no steps).
 * </ul>
 *
 * <p>Not thread-safe across the same vehicle; distinct vehicles may be advanced concurrently.
 */
public final class ScenarioGenerator {
  // highway, urban, residential, construction, school
  private static final double[] ZONE_CURVATURE = {0.0015, 0.012, 0.010, 0.004, 0.006};
  private static final double[] DENSITY_LO = {0.2, 0.3, 0.0, 0.3, 0.1};
  private static final double[] DENSITY_HI = {0.9, 1.0, 0.4, 0.8, 0.5};
  private static final double[] PED_ZONE = {0.0, 2.0, 1.0, 0.5, 4.0};
  private static final double[] PED_LIGHT = {1.0, 0.7, 0.3};
  private static final double[] PED_WEATHER = {1.0, 0.6, 0.8, 0.5};
  private static final double CURVE_SEGMENT_M = 200;

  private final double[] weatherCdf;
  private final double[] zoneCdf;
  private final double[] lightCdf;
  private final double[][] roadCdf;
  private final double weatherDwellS;
  private final double lightDwellS;
  private final double zoneDwellM;
  private final RareCombo[] combos;
  private final double[] comboCdf;

  private final byte[] weather;
  private final byte[] zone;
  private final byte[] light;
  private final byte[] road;
  private final byte[] combo;
  private final int[] condition;
  private final double[] weatherLeftS;
  private final double[] lightLeftS;
  private final double[] zoneLeftM;
  private final double[] curveLeftM;
  private final double[] curvature;
  private final double[] curvatureTarget;
  private final double[] density;
  private final double[] pedMean;

  public ScenarioGenerator(WorldConfig config, int vehicles) {
    this.weatherCdf = cdf(config.weatherFrequencies());
    this.zoneCdf = cdf(config.zoneFrequencies());
    this.lightCdf = cdf(config.lightFrequencies());
    double[][] rw = config.roadGivenWeather();
    this.roadCdf = new double[rw.length][];
    for (int w = 0; w < rw.length; w++) {
      roadCdf[w] = cdf(rw[w]);
    }
    this.weatherDwellS = config.weatherDwellS();
    this.lightDwellS = config.lightDwellS();
    this.zoneDwellM = config.zoneDwellM();
    List<RareCombo> list = config.rareCombos();
    this.combos = list.toArray(new RareCombo[0]);
    this.comboCdf = new double[combos.length];
    double acc = 0;
    for (int i = 0; i < combos.length; i++) {
      acc += combos[i].probability();
      comboCdf[i] = acc;
    }
    this.weather = new byte[vehicles];
    this.zone = new byte[vehicles];
    this.light = new byte[vehicles];
    this.road = new byte[vehicles];
    this.combo = new byte[vehicles];
    this.condition = new int[vehicles];
    this.weatherLeftS = new double[vehicles];
    this.lightLeftS = new double[vehicles];
    this.zoneLeftM = new double[vehicles];
    this.curveLeftM = new double[vehicles];
    this.curvature = new double[vehicles];
    this.curvatureTarget = new double[vehicles];
    this.density = new double[vehicles];
    this.pedMean = new double[vehicles];
  }

  /** Draws vehicle {@code v}'s initial conditions (stationary distribution, mid-stretch). */
  public void init(int v, SplittableRandom rng) {
    newWeather(v, rng);
    light[v] = (byte) draw(lightCdf, rng);
    lightLeftS[v] = exp(lightDwellS, rng);
    newZoneSegment(v, rng);
    newCurve(v, rng);
    curvature[v] = curvatureTarget[v];
    update(v);
  }

  /**
   * Advances vehicle {@code v} by a frame of {@code dtS} seconds in which it covered {@code dxM}
   * metres. Returns whether its condition changed.
   */
  public boolean advance(int v, double dtS, double dxM, SplittableRandom rng) {
    boolean changed = false;
    if ((weatherLeftS[v] -= dtS) <= 0) {
      newWeather(v, rng);
      changed = true;
    }
    if ((lightLeftS[v] -= dtS) <= 0) {
      light[v] = (byte) draw(lightCdf, rng);
      lightLeftS[v] = exp(lightDwellS, rng);
      changed = true;
    }
    if (dxM > 0) {
      if ((zoneLeftM[v] -= dxM) <= 0) {
        newZoneSegment(v, rng);
        changed = true;
      }
      if ((curveLeftM[v] -= dxM) <= 0) {
        newCurve(v, rng);
      }
      double k = curvature[v];
      double target = curvatureTarget[v];
      if (k != target) {
        double step = ZONE_CURVATURE[zone[v]] / 30.0 * dxM;
        curvature[v] = k < target ? Math.min(target, k + step) : Math.max(target, k - step);
      }
    }
    if (changed) {
      int before = condition[v];
      update(v);
      return condition[v] != before;
    }
    return false;
  }

  /** Vehicle {@code v}'s {@link Conditions} index (rare-combination overrides applied). */
  public int condition(int v) {
    return condition[v];
  }

  /** The road's curvature under vehicle {@code v}, 1/m, positive to the left. */
  public double curvature(int v) {
    return curvature[v];
  }

  /** Traffic density of vehicle {@code v}'s zone segment, 0 .. 1. */
  public double trafficDensity(int v) {
    return density[v];
  }

  /** Mean number of pedestrians in view of vehicle {@code v}. */
  public double pedestrianMean(int v) {
    return pedMean[v];
  }

  /** The rare combination forcing vehicle {@code v}'s zone segment, or {@code null}. */
  public RareCombo rareCombo(int v) {
    int c = combo[v];
    return c < 0 ? null : combos[c];
  }

  /** A snapshot of vehicle {@code v}'s scenario. */
  public Scenario scenario(int v) {
    RareCombo c = rareCombo(v);
    return new Scenario(
        condition[v],
        Conditions.env(condition[v]),
        Optional.ofNullable(c == null ? null : c.name()),
        density[v],
        pedMean[v],
        curvature[v]);
  }

  private void newWeather(int v, SplittableRandom rng) {
    int w = draw(weatherCdf, rng);
    weather[v] = (byte) w;
    road[v] = (byte) draw(roadCdf[w], rng);
    weatherLeftS[v] = exp(weatherDwellS, rng);
  }

  private void newZoneSegment(int v, SplittableRandom rng) {
    int c = -1;
    if (combos.length > 0) {
      double u = rng.nextDouble();
      for (int i = 0; i < comboCdf.length; i++) {
        if (u < comboCdf[i]) {
          c = i;
          break;
        }
      }
    }
    combo[v] = (byte) c;
    int z = c >= 0 && combos[c].zone() != null ? combos[c].zone().ordinal() : draw(zoneCdf, rng);
    zone[v] = (byte) z;
    zoneLeftM[v] = exp(zoneDwellM, rng);
    density[v] = DENSITY_LO[z] + (DENSITY_HI[z] - DENSITY_LO[z]) * rng.nextDouble();
  }

  private void newCurve(int v, SplittableRandom rng) {
    double u = rng.nextDouble();
    curvatureTarget[v] = u < 0.5 ? 0.0 : ZONE_CURVATURE[zone[v]] * (2 * rng.nextDouble() - 1);
    curveLeftM[v] = exp(CURVE_SEGMENT_M, rng);
  }

  private void update(int v) {
    int w = weather[v];
    int z = zone[v];
    int l = light[v];
    int r = road[v];
    int c = combo[v];
    if (c >= 0) {
      RareCombo rc = combos[c];
      if (rc.weather() != null) {
        w = rc.weather().ordinal();
      }
      if (rc.light() != null) {
        l = rc.light().ordinal();
      }
      if (rc.road() != null) {
        r = rc.road().ordinal();
      }
    }
    condition[v] = Conditions.index(w, z, l, r);
    pedMean[v] = PED_ZONE[z] * PED_LIGHT[l] * PED_WEATHER[w];
  }

  private static double exp(double mean, SplittableRandom rng) {
    return -mean * StrictMath.log(1.0 - rng.nextDouble());
  }

  private static int draw(double[] cdf, SplittableRandom rng) {
    double u = rng.nextDouble();
    for (int i = 0; i < cdf.length - 1; i++) {
      if (u < cdf[i]) {
        return i;
      }
    }
    return cdf.length - 1;
  }

  private static double[] cdf(double[] p) {
    double[] c = new double[p.length];
    double acc = 0;
    for (int i = 0; i < p.length; i++) {
      acc += p[i];
      c[i] = acc;
    }
    return c;
  }
}
