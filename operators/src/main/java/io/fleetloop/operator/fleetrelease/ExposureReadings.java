package io.fleetloop.operator.fleetrelease;

import io.fleetloop.api.v1alpha1.FleetReleaseExposure;
import io.fleetloop.stats.Exposure;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Cumulative fleet exposure as the release channel's {@code ReleaseStats} returns it: km and
 * interventions per (model version, role, driving condition), and devices per version. Readings
 * subtract ({@link #window}) to give a stage's exposure since the stage started.
 *
 * @param readings cumulative exposure per key
 * @param devices devices whose latest report has exposure of a version
 */
public record ExposureReadings(SortedMap<Key, Exposure> readings, Map<String, Long> devices) {

  /** The model drove (interventions are real). */
  public static final String DRIVING = "Driving";

  /** The model rode along (interventions are would-be ones). */
  public static final String SHADOW = "Shadow";

  /** No exposure at all. */
  public static final ExposureReadings NONE = new ExposureReadings(new TreeMap<>(), Map.of());

  public ExposureReadings {
    readings = Collections.unmodifiableSortedMap(new TreeMap<>(readings));
    devices = Map.copyOf(devices);
  }

  /**
   * One reading's identity.
   *
   * @param version model version
   * @param role {@link #DRIVING} or {@link #SHADOW}
   * @param condition driving condition label
   */
  public record Key(String version, String role, String condition) implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      int c = version.compareTo(o.version);
      if (c == 0) {
        c = role.compareTo(o.role);
      }
      return c != 0 ? c : condition.compareTo(o.condition);
    }
  }

  /** Devices with exposure of {@code version}. */
  public long devices(String version) {
    return devices.getOrDefault(version, 0L);
  }

  /** Exposure of {@code version} in {@code role}, per condition. */
  public SortedMap<String, Exposure> byCondition(String version, String role) {
    SortedMap<String, Exposure> out = new TreeMap<>();
    readings.forEach(
        (k, v) -> {
          if (k.version().equals(version) && k.role().equals(role)) {
            out.merge(k.condition(), v, Exposure::plus);
          }
        });
    return out;
  }

  /**
   * The exposure since {@code baseline}: per key, this reading minus the baseline's (a key missing
   * from the baseline counts from zero).
   *
   * @throws IllegalArgumentException when a reading is below its baseline (the channel lost
   *     reports, e.g. it restarted and devices have not all reported again)
   */
  public ExposureReadings window(ExposureReadings baseline) {
    SortedMap<Key, Exposure> out = new TreeMap<>();
    readings.forEach(
        (k, v) -> {
          Exposure base = baseline.readings().getOrDefault(k, Exposure.NONE);
          try {
            out.put(k, v.since(base));
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                k.version() + " " + k.role() + " in " + k.condition() + ": " + e.getMessage(), e);
          }
        });
    for (Map.Entry<Key, Exposure> b : baseline.readings().entrySet()) {
      if (!readings.containsKey(b.getKey()) && b.getValue().km() > 0) {
        throw new IllegalArgumentException(
            b.getKey().version()
                + " "
                + b.getKey().role()
                + " in "
                + b.getKey().condition()
                + ": no reading now, "
                + b.getValue()
                + " at the stage start");
      }
    }
    return new ExposureReadings(out, devices);
  }

  /** The readings of {@code versions} as stored in {@code status.rollout.baseline}. */
  public List<FleetReleaseExposure> toStatus(List<String> versions) {
    List<FleetReleaseExposure> out = new ArrayList<>();
    readings.forEach(
        (k, v) -> {
          if (versions.contains(k.version())) {
            out.add(
                new FleetReleaseExposure()
                    .withVersion(k.version())
                    .withRole(k.role())
                    .withCondition(k.condition())
                    .withKm(v.km())
                    .withInterventions(v.interventions()));
          }
        });
    return out;
  }

  /** Readings from {@code status.rollout.baseline} ({@code null}: none). */
  public static ExposureReadings fromStatus(List<FleetReleaseExposure> stored) {
    SortedMap<Key, Exposure> out = new TreeMap<>();
    if (stored != null) {
      for (FleetReleaseExposure e : stored) {
        out.put(
            new Key(
                Objects.requireNonNullElse(e.getVersion(), ""),
                Objects.requireNonNullElse(e.getRole(), DRIVING),
                Objects.requireNonNullElse(e.getCondition(), "")),
            Exposure.of(
                Objects.requireNonNullElse(e.getKm(), 0.0),
                Objects.requireNonNullElse(e.getInterventions(), 0L)));
      }
    }
    return new ExposureReadings(out, Map.of());
  }
}
