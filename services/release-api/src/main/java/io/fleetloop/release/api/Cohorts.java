package io.fleetloop.release.api;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * Consistent hashing of a device id into a stable cohort {@code 0..9999}: the first four bytes of
 * {@code sha256(deviceId)} as an unsigned integer, modulo {@value #COHORTS}.
 *
 * <p>"In the first p percent" means {@code cohort < p * 100}, so a device that is in a slice stays
 * in it when the slice grows (1% → 10% → 100%), and the slices of a FleetRelease rollout and of a
 * DataTrigger canary are the same devices for the same percentage. The hash depends on the device
 * id only, so every replica of the release channel, and the device itself, computes the same
 * cohort.
 */
public final class Cohorts {

  /** Number of cohorts: a device's cohort is in {@code [0, COHORTS)}. */
  public static final int COHORTS = 10_000;

  private Cohorts() {}

  /** The device's cohort, {@code 0..9999}. */
  public static int of(String deviceId) {
    Objects.requireNonNull(deviceId, "deviceId");
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
    byte[] digest = sha.digest(deviceId.getBytes(StandardCharsets.UTF_8));
    long first4 = Integer.toUnsignedLong(ByteBuffer.wrap(digest, 0, 4).getInt());
    return (int) (first4 % COHORTS);
  }

  /**
   * True when {@code cohort} is in the first {@code percent} of the fleet ({@code cohort < percent
   * * 100}); 0 holds nobody, 100 everybody.
   *
   * @param percent 0..100, may be fractional (0.5 is the first 50 cohorts)
   */
  public static boolean inFirstPercent(int cohort, double percent) {
    if (percent < 0 || percent > 100 || Double.isNaN(percent)) {
      throw new IllegalArgumentException("percent must be in [0, 100], got " + percent);
    }
    return cohort < Math.round(percent * 100);
  }

  /** {@link #inFirstPercent(int, double)} for a device id. */
  public static boolean deviceInFirstPercent(String deviceId, double percent) {
    return inFirstPercent(of(deviceId), percent);
  }
}
