package io.fleetloop.edge;

import io.fleetloop.ingest.api.DeviceRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The device registry file (the format {@link DeviceRegistry#load} reads: {@code
 * device.<id>=<base64 key>} per line) for a fleet whose keys are {@linkplain DeviceKeys#derived
 * derived} from one fleet secret, and the check that a registry accepts such a fleet.
 *
 * <p>In a cluster the ingest service and the release channel read the registry file while the
 * simulated fleet holds only the fleet secret; {@link #properties} writes the file from the secret
 * and {@link #verify} makes the fleet refuse to start (with the first device that does not match)
 * when the two were generated from different secrets or fleet sizes.
 */
public final class FleetRegistry {

  private FleetRegistry() {}

  /**
   * The registry file for {@code deviceIds} with the keys {@code keys} gives them, one {@code
   * device.<id>=<base64 key>} line per device in the given order, after a comment line {@code
   * header} (omitted when empty).
   */
  public static String properties(
      List<String> deviceIds, Function<String, byte[]> keys, String header) {
    StringBuilder out = new StringBuilder();
    if (!header.isEmpty()) {
      for (String line : header.split("\n", -1)) {
        out.append("# ").append(line).append('\n');
      }
    }
    for (String id : deviceIds) {
      if (id.isEmpty() || id.chars().anyMatch(c -> c == '=' || c == ':' || c <= ' ')) {
        throw new IllegalArgumentException(
            "device id '" + id + "' cannot be a registry key (no '=', ':' or whitespace)");
      }
      out.append("device.")
          .append(id)
          .append('=')
          .append(Base64.getEncoder().encodeToString(keys.apply(id)))
          .append('\n');
    }
    return out.toString();
  }

  /**
   * The first device of {@code deviceIds} that {@code registry} would refuse with the key {@code
   * keys} gives it, with the reason (unknown, revoked, or a different key); empty when it accepts
   * all of them.
   */
  public static Optional<String> firstMismatch(
      DeviceRegistry registry, List<String> deviceIds, Function<String, byte[]> keys) {
    for (String id : deviceIds) {
      Optional<byte[]> key = registry.key(id);
      if (key.isEmpty()) {
        return Optional.of("device " + id + " is not in the registry");
      }
      if (registry.isRevoked(id)) {
        return Optional.of("device " + id + " is revoked in the registry");
      }
      if (!Arrays.equals(key.get(), keys.apply(id))) {
        return Optional.of(
            "device "
                + id
                + " has another key in the registry (generated from a different fleet secret)");
      }
    }
    return Optional.empty();
  }

  /**
   * Throws {@link IllegalStateException} naming the first device {@code registry} would refuse.
   *
   * @param registryName where the registry came from, for the message (e.g. its file)
   */
  public static void verify(
      DeviceRegistry registry,
      List<String> deviceIds,
      Function<String, byte[]> keys,
      String registryName) {
    firstMismatch(registry, deviceIds, keys)
        .ifPresent(
            reason -> {
              throw new IllegalStateException(
                  "the device registry "
                      + registryName
                      + " does not accept this fleet: "
                      + reason
                      + "; ingest and the release channel would refuse its uploads and reports."
                      + " Regenerate the registry from the same fleet secret and fleet size.");
            });
  }

  /**
   * The ids {@code prefix00000} … of the first {@code count} devices (as the simulator names them).
   */
  public static List<String> sequentialIds(String prefix, int count) {
    List<String> ids = new ArrayList<>(count);
    for (int v = 0; v < count; v++) {
      ids.add(String.format(java.util.Locale.ROOT, "%s%05d", prefix, v));
    }
    return ids;
  }
}
