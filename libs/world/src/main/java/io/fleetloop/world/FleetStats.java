package io.fleetloop.world;

import java.util.Locale;
import java.util.function.IntPredicate;

/**
 * A snapshot of what the fleet has driven: distance, frames, interventions and collisions per
 * driving condition, and distance and interventions per vehicle. All counts are integers (distance
 * in micrometres), so totals are exact and independent of the thread count.
 */
public final class FleetStats {
  private final long ticks;
  private final long[] distanceUm;
  private final long[] frames;
  private final long[] humanFrames;
  private final long[] interventions;
  private final long[] collisions;
  private final long[] vehicleDistanceUm;
  private final int[] vehicleInterventions;
  private final int[] vehicleCollisions;

  FleetStats(
      long ticks,
      long[] distanceUm,
      long[] frames,
      long[] humanFrames,
      long[] interventions,
      long[] collisions,
      long[] vehicleDistanceUm,
      int[] vehicleInterventions,
      int[] vehicleCollisions) {
    this.ticks = ticks;
    this.distanceUm = distanceUm;
    this.frames = frames;
    this.humanFrames = humanFrames;
    this.interventions = interventions;
    this.collisions = collisions;
    this.vehicleDistanceUm = vehicleDistanceUm;
    this.vehicleInterventions = vehicleInterventions;
    this.vehicleCollisions = vehicleCollisions;
  }

  /** Ticks simulated. */
  public long ticks() {
    return ticks;
  }

  /** Number of vehicles. */
  public int vehicles() {
    return vehicleDistanceUm.length;
  }

  /** Vehicle-frames simulated. */
  public long frames() {
    return sum(frames, Conditions.ALL);
  }

  /** Vehicle-frames in the conditions {@code which} accepts. */
  public long frames(IntPredicate which) {
    return sum(frames, which);
  }

  /** Vehicle-frames in which the human was driving, in the conditions {@code which} accepts. */
  public long humanFrames(IntPredicate which) {
    return sum(humanFrames, which);
  }

  /** Distance driven in the conditions {@code which} accepts, micrometres. */
  public long distanceUm(IntPredicate which) {
    return sum(distanceUm, which);
  }

  /** Kilometres driven. */
  public double km() {
    return km(Conditions.ALL);
  }

  /** Kilometres driven in the conditions {@code which} accepts. */
  public double km(IntPredicate which) {
    return sum(distanceUm, which) / 1e9;
  }

  /** Kilometres driven in one condition. */
  public double km(int condition) {
    return distanceUm[condition] / 1e9;
  }

  /** Interventions. */
  public long interventions() {
    return sum(interventions, Conditions.ALL);
  }

  /** Interventions whose takeover frame was in a condition {@code which} accepts. */
  public long interventions(IntPredicate which) {
    return sum(interventions, which);
  }

  /** Interventions in one condition. */
  public long interventions(int condition) {
    return interventions[condition];
  }

  /** Collisions (the vehicle reached a lead vehicle or a pedestrian). */
  public long collisions() {
    return sum(collisions, Conditions.ALL);
  }

  /** Collisions in the conditions {@code which} accepts. */
  public long collisions(IntPredicate which) {
    return sum(collisions, which);
  }

  /** Interventions per 1,000 km over the whole fleet; {@code NaN} before any distance. */
  public double ratePer1000Km() {
    return ratePer1000Km(Conditions.ALL);
  }

  /** Interventions per 1,000 km in the conditions {@code which} accepts; {@code NaN} without km. */
  public double ratePer1000Km(IntPredicate which) {
    long um = sum(distanceUm, which);
    return um == 0 ? Double.NaN : sum(interventions, which) * 1e12 / um;
  }

  /** Vehicle {@code v}'s odometer, micrometres. */
  public long vehicleDistanceUm(int v) {
    return vehicleDistanceUm[v];
  }

  /** Vehicle {@code v}'s odometer, km. */
  public double vehicleKm(int v) {
    return vehicleDistanceUm[v] / 1e9;
  }

  /** Vehicle {@code v}'s interventions. */
  public int vehicleInterventions(int v) {
    return vehicleInterventions[v];
  }

  /** Vehicle {@code v}'s collisions. */
  public int vehicleCollisions(int v) {
    return vehicleCollisions[v];
  }

  /** What happened between {@code earlier} (a snapshot of the same simulator) and this snapshot. */
  public FleetStats since(FleetStats earlier) {
    int n = vehicleDistanceUm.length;
    long[] vd = new long[n];
    int[] vi = new int[n];
    int[] vc = new int[n];
    for (int v = 0; v < n; v++) {
      vd[v] = vehicleDistanceUm[v] - earlier.vehicleDistanceUm[v];
      vi[v] = vehicleInterventions[v] - earlier.vehicleInterventions[v];
      vc[v] = vehicleCollisions[v] - earlier.vehicleCollisions[v];
    }
    return new FleetStats(
        ticks - earlier.ticks,
        minus(distanceUm, earlier.distanceUm),
        minus(frames, earlier.frames),
        minus(humanFrames, earlier.humanFrames),
        minus(interventions, earlier.interventions),
        minus(collisions, earlier.collisions),
        vd,
        vi,
        vc);
  }

  /** Whether two snapshots hold identical counts (per condition and per vehicle). */
  public boolean sameCounts(FleetStats o) {
    return ticks == o.ticks
        && java.util.Arrays.equals(distanceUm, o.distanceUm)
        && java.util.Arrays.equals(frames, o.frames)
        && java.util.Arrays.equals(humanFrames, o.humanFrames)
        && java.util.Arrays.equals(interventions, o.interventions)
        && java.util.Arrays.equals(collisions, o.collisions)
        && java.util.Arrays.equals(vehicleDistanceUm, o.vehicleDistanceUm)
        && java.util.Arrays.equals(vehicleInterventions, o.vehicleInterventions)
        && java.util.Arrays.equals(vehicleCollisions, o.vehicleCollisions);
  }

  /** A one-line summary: km, interventions and rates, common vs rare. */
  public String summary() {
    return String.format(
        Locale.ROOT,
        "%,.0f km, %d interventions (%.1f/1000 km); common %,.0f km %.1f/1000 km;"
            + " rare %,.0f km %.1f/1000 km; %d collisions",
        km(),
        interventions(),
        ratePer1000Km(),
        km(Conditions.COMMON),
        ratePer1000Km(Conditions.COMMON),
        km(Conditions.RARE),
        ratePer1000Km(Conditions.RARE),
        collisions());
  }

  @Override
  public String toString() {
    return summary();
  }

  private static long sum(long[] a, IntPredicate which) {
    long s = 0;
    for (int i = 0; i < a.length; i++) {
      if (which.test(i)) {
        s += a[i];
      }
    }
    return s;
  }

  private static long[] minus(long[] a, long[] b) {
    long[] r = new long[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = a[i] - b[i];
    }
    return r;
  }
}
