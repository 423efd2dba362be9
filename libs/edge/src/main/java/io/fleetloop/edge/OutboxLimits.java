package io.fleetloop.edge;

/**
 * Bounds of a device's store-and-forward outbox: what the device keeps while its uplink is down.
 *
 * @param maxClips clips held at most
 * @param maxBytes payload bytes held at most
 */
public record OutboxLimits(int maxClips, long maxBytes) {

  public OutboxLimits {
    if (maxClips <= 0 || maxBytes <= 0) {
      throw new IllegalArgumentException(
          "outbox limits must be positive: " + maxClips + " clips, " + maxBytes + " bytes");
    }
  }

  /** 256 clips and 64 MiB: a day of a busy trigger set on a device with modest flash. */
  public static OutboxLimits defaults() {
    return new OutboxLimits(256, 64L << 20);
  }
}
