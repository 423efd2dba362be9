package io.fleetloop.ingest.api;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The devices allowed to upload to ingest and to ask the release channel: each with the key its
 * {@link DeviceToken}s are signed with, and a revocation list. Both services read the same file.
 *
 * <p>File format (Java properties): {@code device.<id>=<base64 key>} per device and {@code
 * revoked=<id>,<id>,...}. In Kubernetes it is a Secret mounted as a file.
 */
public final class DeviceRegistry {

  private final ConcurrentHashMap<String, byte[]> keys = new ConcurrentHashMap<>();
  private final Set<String> revoked = ConcurrentHashMap.newKeySet();

  /** Reads the registry file. */
  public static DeviceRegistry load(Path file) throws IOException {
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(in);
    }
    DeviceRegistry registry = new DeviceRegistry();
    for (String name : p.stringPropertyNames()) {
      if (name.startsWith("device.")) {
        registry.register(
            name.substring("device.".length()), Base64.getDecoder().decode(p.getProperty(name)));
      }
    }
    Arrays.stream(p.getProperty("revoked", "").split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .forEach(registry::revoke);
    return registry;
  }

  /** Adds (or replaces) a device's key. */
  public DeviceRegistry register(String deviceId, byte[] key) {
    keys.put(deviceId, key.clone());
    return this;
  }

  /** Refuses the device from now on. */
  public DeviceRegistry revoke(String deviceId) {
    revoked.add(deviceId);
    return this;
  }

  /** The device's key, empty when the device is unknown. */
  public Optional<byte[]> key(String deviceId) {
    return Optional.ofNullable(keys.get(deviceId)).map(byte[]::clone);
  }

  /** True when the device was revoked. */
  public boolean isRevoked(String deviceId) {
    return revoked.contains(deviceId);
  }

  /** Number of registered devices. */
  public int size() {
    return keys.size();
  }
}
