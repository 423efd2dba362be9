package io.fleetloop.release.core;

import io.fabric8.kubernetes.api.model.LabelSelector;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The devices the channel has seen, with the labels of their last {@code GetAssignment}: what
 * "targeted" counts. In memory; a restarted channel learns the fleet again as devices poll.
 */
public final class DeviceDirectory {

  /** A device's last hello. */
  public record Seen(Map<String, String> labels, String hardware, Instant at) {}

  private final Map<String, Seen> devices = new ConcurrentHashMap<>();

  /** Remembers {@code deviceId}'s labels as of {@code at}. */
  public void saw(String deviceId, Map<String, String> labels, String hardware, Instant at) {
    devices.put(deviceId, new Seen(Map.copyOf(labels), hardware, at));
  }

  /** Devices whose labels {@code selector} matches. */
  public long matching(LabelSelector selector) {
    return devices.values().stream().filter(s -> Labels.matches(selector, s.labels())).count();
  }

  /** Number of devices seen. */
  public int size() {
    return devices.size();
  }
}
