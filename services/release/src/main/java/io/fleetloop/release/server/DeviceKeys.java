package io.fleetloop.release.server;

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
 * The devices allowed to ask the channel: each with the key its device tokens are signed with, and
 * a revocation list. The same file the ingest service reads (one Secret for both): Java properties
 * with {@code device.<id>=<base64 key>} per device and {@code revoked=<id>,<id>,...}.
 */
public final class DeviceKeys {

  private final ConcurrentHashMap<String, byte[]> keys = new ConcurrentHashMap<>();
  private final Set<String> revoked = ConcurrentHashMap.newKeySet();

  /** Reads the device registry file. */
  public static DeviceKeys load(Path file) throws IOException {
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(in);
    }
    DeviceKeys keys = new DeviceKeys();
    for (String name : p.stringPropertyNames()) {
      if (name.startsWith("device.")) {
        keys.register(
            name.substring("device.".length()), Base64.getDecoder().decode(p.getProperty(name)));
      }
    }
    Arrays.stream(p.getProperty("revoked", "").split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .forEach(keys::revoke);
    return keys;
  }

  /** Adds (or replaces) a device's key. */
  public DeviceKeys register(String deviceId, byte[] key) {
    keys.put(deviceId, key.clone());
    return this;
  }

  /** Refuses the device from now on. */
  public DeviceKeys revoke(String deviceId) {
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
