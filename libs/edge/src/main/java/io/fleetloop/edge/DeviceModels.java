package io.fleetloop.edge;

import io.fleetloop.release.grpc.Artifact;
import io.fleetloop.world.PolicyModel;
import io.fleetloop.world.model.ModelArtifact;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy models a simulated fleet's devices install when the release channel assigns them: the
 * model (or shadow candidate) named by an assignment's {@link Artifact} is downloaded from its
 * {@code artifact_uri} once per version, refused unless {@code sha256(bytes)} equals the artifact's
 * {@code digest}, parsed as a policy and shared by every device it is assigned to (models are
 * immutable while they drive).
 *
 * <p>Versions {@linkplain #preinstall installed at the factory} (the policy a fleet starts with)
 * are never downloaded: a device that is assigned one already has it. Thread-safe.
 */
public final class DeviceModels {

  /** Reads an artifact's bytes from its {@code s3://bucket/key} address. */
  @FunctionalInterface
  public interface ArtifactStore {
    /**
     * The bytes at {@code uri}.
     *
     * @throws Exception when they cannot be read (the device keeps what it runs and asks again)
     */
    byte[] read(String uri) throws Exception;
  }

  /** An assigned model that cannot be installed; the device keeps the model it runs. */
  public static final class ModelUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    ModelUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(DeviceModels.class);

  private final ArtifactStore store;
  private final Map<String, PolicyModel> installed = new ConcurrentHashMap<>();
  private final AtomicLong downloads = new AtomicLong();

  /** Models read from {@code store}. */
  public DeviceModels(ArtifactStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  /**
   * Installs {@code model} under {@code version} on every device (the factory image): assignments
   * of that version use it without downloading anything.
   */
  public DeviceModels preinstall(String version, PolicyModel model) {
    installed.put(
        version, model.version().equals(version) ? model : model.derive(version, Map.of()));
    return this;
  }

  /**
   * The policy {@code artifact} names: installed already, or downloaded, verified and cached under
   * its version. An artifact without a version is no model ({@code null}).
   *
   * @throws ModelUnavailableException when it cannot be read, its bytes do not have its digest, or
   *     it is not a policy artifact
   */
  public PolicyModel resolve(Artifact artifact) throws ModelUnavailableException {
    String version = artifact.getVersion();
    if (version.isEmpty()) {
      return null;
    }
    PolicyModel cached = installed.get(version);
    if (cached != null) {
      return cached;
    }
    synchronized (this) {
      cached = installed.get(version);
      if (cached != null) {
        return cached;
      }
      PolicyModel model = download(artifact);
      installed.put(version, model);
      return model;
    }
  }

  private PolicyModel download(Artifact artifact) throws ModelUnavailableException {
    String version = artifact.getVersion();
    String uri = artifact.getArtifactUri();
    if (uri.isEmpty()) {
      throw new ModelUnavailableException(
          "model " + version + " is assigned without an artifact address", null);
    }
    byte[] bytes;
    try {
      bytes = store.read(uri);
    } catch (Exception e) {
      throw new ModelUnavailableException(
          "cannot read model " + version + " from " + uri + ": " + e.getMessage(), e);
    }
    downloads.incrementAndGet();
    String actual = "sha256:" + sha256(bytes);
    if (!actual.equalsIgnoreCase(artifact.getDigest())) {
      throw new ModelUnavailableException(
          "model "
              + version
              + " at "
              + uri
              + " has digest "
              + actual
              + " but "
              + (artifact.getDigest().isEmpty() ? "no digest" : artifact.getDigest())
              + " was assigned: refused (corrupted or replaced artifact)",
          null);
    }
    try {
      PolicyModel model = PolicyModel.fromArtifact(ModelArtifact.fromBytes(bytes));
      LOG.info(
          "installed model {} from {} ({}, {} bytes, digest verified) for the devices assigned it",
          version,
          uri,
          actual,
          bytes.length);
      return model.version().equals(version) ? model : model.derive(version, model.metadata());
    } catch (RuntimeException e) {
      throw new ModelUnavailableException(
          "model " + version + " at " + uri + " is not a policy artifact: " + e.getMessage(), e);
    }
  }

  /** Whether {@code version} is installed (preinstalled or downloaded). */
  public boolean isInstalled(String version) {
    return installed.containsKey(version);
  }

  /** Artifacts downloaded so far (each version at most once when its digest matched). */
  public long downloads() {
    return downloads.get();
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
