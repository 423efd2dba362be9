package io.fleetloop.release.core;

import io.fleetloop.release.grpc.Exposure;
import io.fleetloop.release.grpc.ReleaseStatsReply;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Driving exposure the devices report ({@code DeviceReport.exposure}): per device the latest
 * cumulative report, summed over devices on demand. Like {@link ReportBook}, a repeated or
 * re-ordered report cannot count twice (the newer report of a device replaces the older one), and a
 * restarted channel recovers the totals as devices report again. In memory.
 *
 * <p>A device's report replaces its previous one as a whole: an entry (model version, role,
 * condition) the device no longer sends is dropped for that device. Devices send everything they
 * have seen since they started, so this only happens when a device restarts from zero.
 */
public final class ExposureBook {

  private record DeviceExposure(List<Exposure> entries, Instant at) {}

  private record Key(String version, int role, String condition) {}

  private final Map<String, DeviceExposure> devices = new ConcurrentHashMap<>();

  /**
   * Records the cumulative exposure {@code deviceId} reported at {@code at}; an empty list leaves
   * the device's last report in place (a report that carries only trigger counters).
   */
  public void record(String deviceId, List<Exposure> exposure, Instant at) {
    if (exposure.isEmpty()) {
      return;
    }
    for (Exposure e : exposure) {
      if (!(e.getKm() >= 0) || Double.isInfinite(e.getKm()) || e.getInterventions() < 0) {
        throw new IllegalArgumentException(
            "device "
                + deviceId
                + ": exposure of "
                + e.getModelVersion()
                + " must have finite km >= 0 and interventions >= 0, got "
                + e.getKm()
                + " km, "
                + e.getInterventions());
      }
    }
    devices.merge(
        deviceId,
        new DeviceExposure(List.copyOf(exposure), at),
        (old, now) -> now.at().isBefore(old.at()) ? old : now);
  }

  /**
   * The exposure of {@code versions} summed over the devices' latest reports: one entry per (model
   * version, role, condition) with km &gt; 0, in a stable order, and per version the devices whose
   * latest report has any exposure of it. An empty {@code versions} means every version.
   */
  public ReleaseStatsReply stats(Collection<String> versions) {
    Set<String> wanted = Set.copyOf(versions);
    Map<Key, double[]> sums = new TreeMap<>(ExposureBook::compare);
    Map<String, Long> deviceCounts = new TreeMap<>();
    for (DeviceExposure d : devices.values()) {
      Set<String> seen = new java.util.HashSet<>();
      for (Exposure e : d.entries()) {
        if (!wanted.isEmpty() && !wanted.contains(e.getModelVersion())) {
          continue;
        }
        double[] sum =
            sums.computeIfAbsent(
                new Key(e.getModelVersion(), e.getRoleValue(), e.getCondition()),
                k -> new double[2]);
        sum[0] += e.getKm();
        sum[1] += e.getInterventions();
        if (e.getKm() > 0 || e.getInterventions() > 0) {
          seen.add(e.getModelVersion());
        }
      }
      seen.forEach(v -> deviceCounts.merge(v, 1L, Long::sum));
    }
    ReleaseStatsReply.Builder reply = ReleaseStatsReply.newBuilder();
    sums.forEach(
        (k, sum) -> {
          if (sum[0] > 0) {
            reply.addExposure(
                Exposure.newBuilder()
                    .setModelVersion(k.version())
                    .setRoleValue(k.role())
                    .setCondition(k.condition())
                    .setKm(sum[0])
                    .setInterventions((long) sum[1]));
          }
        });
    reply.putAllDevices(deviceCounts);
    return reply.build();
  }

  /** Devices with a recorded exposure report. */
  public int devices() {
    return devices.size();
  }

  private static int compare(Key a, Key b) {
    int c = a.version().compareTo(b.version());
    if (c != 0) {
      return c;
    }
    c = Integer.compare(a.role(), b.role());
    return c != 0 ? c : a.condition().compareTo(b.condition());
  }
}
