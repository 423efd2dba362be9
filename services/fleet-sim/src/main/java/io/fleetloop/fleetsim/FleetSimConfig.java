package io.fleetloop.fleetsim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The fleet simulator's configuration, read from the environment ({@link Env}) by {@link #fromEnv}.
 * Every problem is reported with the variable's name and what it expects.
 *
 * @param fleetSize number of simulated vehicles (devices {@code sim-00000} …)
 * @param ingestEndpoint {@code host:port} of the ingest service's gRPC port
 * @param releaseEndpoint {@code host:port} of the release channel's gRPC port
 * @param labels the labels every device announces to the release channel (DataTriggers and
 *     FleetReleases select devices by them)
 * @param fleetSecret the secret every device key is derived from ({@code HMAC-SHA256(secret, id)})
 * @param devicesFile the device registry ingest and the release channel read; when present, the
 *     simulator refuses to start unless it accepts every device with its derived key
 * @param timeLapse simulated seconds per wall-clock second (10 ticks of 0.1 s each per unit)
 * @param seed seed of the generation-0 policy, the world and the agents
 * @param s3 the object store models are downloaded from (and base models published to); empty:
 *     vehicles keep the model they run
 * @param bucket the bucket base models are published to ({@code models/<version>/model.flm})
 * @param factoryModels versions preinstalled on every vehicle as the generation-0 policy (the
 *     stable version of the FleetRelease that selects the fleet)
 * @param baseModels versions the generation-0 policy is published under at start, where
 *     TrainingRuns that warm-start from it look ({@code s3://<bucket>/models/<version>/model.flm})
 * @param reportEvery how often each device reports its counters to the release channel
 * @param progressEvery how often the progress line is logged
 * @param uploadThreads threads uploading clips to ingest
 * @param healthPort port of {@code /healthz} and {@code /readyz}
 * @param pullPatience how long the first pull of assignments may wait for the release channel
 */
public record FleetSimConfig(
    int fleetSize,
    String ingestEndpoint,
    String releaseEndpoint,
    Map<String, String> labels,
    byte[] fleetSecret,
    Optional<Path> devicesFile,
    int timeLapse,
    long seed,
    Optional<S3> s3,
    String bucket,
    Set<String> factoryModels,
    Set<String> baseModels,
    Duration reportEvery,
    Duration progressEvery,
    int uploadThreads,
    int healthPort,
    Duration pullPatience) {

  /** The environment variables {@link #fromEnv} reads, with their defaults. */
  public static final class Env {
    /** Number of vehicles; default {@value FleetSimConfig#DEFAULT_FLEET_SIZE}. */
    public static final String FLEET_SIZE = "FLEETLOOP_FLEET_SIZE";

    /** Ingest gRPC {@code host:port}; required. */
    public static final String INGEST_ENDPOINT = "FLEETLOOP_INGEST_ENDPOINT";

    /** Release channel gRPC {@code host:port}; required. */
    public static final String RELEASE_ENDPOINT = "FLEETLOOP_RELEASE_ENDPOINT";

    /** {@code key=value,key=value}; default {@value FleetSimConfig#DEFAULT_LABELS}. */
    public static final String FLEET_LABELS = "FLEETLOOP_FLEET_LABELS";

    /** File holding the fleet secret (a mounted Secret key); this or {@link #FLEET_SECRET}. */
    public static final String FLEET_SECRET_FILE = "FLEETLOOP_FLEET_SECRET_FILE";

    /** The fleet secret itself; used when {@link #FLEET_SECRET_FILE} is unset. */
    public static final String FLEET_SECRET = "FLEETLOOP_FLEET_SECRET";

    /** The device registry file ingest and the release channel read; optional, checked. */
    public static final String DEVICES_FILE = "FLEETLOOP_DEVICES_FILE";

    /** Simulated seconds per wall-clock second; default 10. */
    public static final String TIME_LAPSE = "FLEETLOOP_TIME_LAPSE";

    /** Seed; default 1. */
    public static final String SEED = "FLEETLOOP_SEED";

    /** {@code http://host:port} of the object store; optional. */
    public static final String S3_ENDPOINT = "FLEETLOOP_S3_ENDPOINT";

    /** Object-store access key (with {@link #S3_ENDPOINT}). */
    public static final String S3_ACCESS_KEY = "FLEETLOOP_S3_ACCESS_KEY";

    /** Object-store secret key (with {@link #S3_ENDPOINT}). */
    public static final String S3_SECRET_KEY = "FLEETLOOP_S3_SECRET_KEY";

    /** Bucket of published base models; default {@value FleetSimConfig#DEFAULT_BUCKET}. */
    public static final String BUCKET = "FLEETLOOP_BUCKET";

    /** Comma-separated versions preinstalled as the generation-0 policy; default none. */
    public static final String FACTORY_MODELS = "FLEETLOOP_FACTORY_MODELS";

    /** Comma-separated versions the generation-0 policy is published under; default none. */
    public static final String PUBLISH_BASE_MODELS = "FLEETLOOP_PUBLISH_BASE_MODELS";

    /** Seconds between two reports of one device; default 10. */
    public static final String REPORT_SECONDS = "FLEETLOOP_REPORT_SECONDS";

    /** Seconds between two progress lines; default 10. */
    public static final String PROGRESS_SECONDS = "FLEETLOOP_PROGRESS_SECONDS";

    /** Upload threads; default 4. */
    public static final String UPLOAD_THREADS = "FLEETLOOP_UPLOAD_THREADS";

    /** Health port; default 8080. */
    public static final String HTTP_PORT = "FLEETLOOP_HTTP_PORT";

    /** Seconds the first pull may wait for the release channel; default 120. */
    public static final String PULL_PATIENCE_SECONDS = "FLEETLOOP_PULL_PATIENCE_SECONDS";

    private Env() {}
  }

  /** Default fleet size. */
  public static final int DEFAULT_FLEET_SIZE = 20;

  /** Default labels: the fleet the example DataTriggers and FleetRelease select. */
  public static final String DEFAULT_LABELS = "fleet=model-y-na";

  /** Default bucket (the operator's and the curator's in the manifests). */
  public static final String DEFAULT_BUCKET = "fleetloop";

  private static final Pattern ENDPOINT = Pattern.compile("[A-Za-z0-9.\\-]+:[0-9]{1,5}");
  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._\\-]*");

  /**
   * Object-store coordinates.
   *
   * @param endpoint {@code http://host:port}
   * @param accessKey access key
   * @param secretKey secret key (never printed)
   */
  public record S3(String endpoint, String accessKey, String secretKey) {
    public S3 {
      Objects.requireNonNull(endpoint, "endpoint");
      Objects.requireNonNull(accessKey, "accessKey");
      Objects.requireNonNull(secretKey, "secretKey");
    }

    @Override
    public String toString() {
      return "S3[" + endpoint + ", " + accessKey + ", ***]";
    }
  }

  public FleetSimConfig {
    Objects.requireNonNull(ingestEndpoint, "ingestEndpoint");
    Objects.requireNonNull(releaseEndpoint, "releaseEndpoint");
    labels = Map.copyOf(labels);
    fleetSecret = fleetSecret.clone();
    Objects.requireNonNull(devicesFile, "devicesFile");
    Objects.requireNonNull(s3, "s3");
    Objects.requireNonNull(bucket, "bucket");
    factoryModels = Set.copyOf(factoryModels);
    baseModels = Set.copyOf(baseModels);
    Objects.requireNonNull(reportEvery, "reportEvery");
    Objects.requireNonNull(progressEvery, "progressEvery");
    Objects.requireNonNull(pullPatience, "pullPatience");
    if (fleetSize < 1) {
      throw new IllegalArgumentException("fleetSize must be at least 1");
    }
    if (fleetSecret.length == 0) {
      throw new IllegalArgumentException("the fleet secret must not be empty");
    }
  }

  /** A copy of the fleet secret. */
  @Override
  public byte[] fleetSecret() {
    return fleetSecret.clone();
  }

  /** Simulated ticks (0.1 s each) per wall-clock second. */
  public int ticksPerSecond() {
    return timeLapse * 10;
  }

  /** From the process environment ({@link Env}); see {@link #fromEnv(Map)}. */
  public static FleetSimConfig fromEnv() {
    return fromEnv(System.getenv());
  }

  /**
   * From {@code env} ({@link Env}): unset or blank variables keep their defaults.
   *
   * @throws IllegalArgumentException naming the variable, when one is missing or malformed
   */
  public static FleetSimConfig fromEnv(Map<String, String> env) {
    int fleetSize = intOf(env, Env.FLEET_SIZE, DEFAULT_FLEET_SIZE, 1, 100_000);
    String ingest = endpoint(env, Env.INGEST_ENDPOINT);
    String release = endpoint(env, Env.RELEASE_ENDPOINT);
    Map<String, String> labels = labels(value(env, Env.FLEET_LABELS).orElse(DEFAULT_LABELS));
    byte[] secret = fleetSecret(env);
    Optional<Path> devices = value(env, Env.DEVICES_FILE).map(Path::of);
    int timeLapse = intOf(env, Env.TIME_LAPSE, 10, 1, 1_000);
    long seed = longOf(env, Env.SEED, 1L);
    Optional<S3> s3 =
        value(env, Env.S3_ENDPOINT)
            .map(
                endpoint -> {
                  if (!endpoint.startsWith("http://") && !endpoint.startsWith("https://")) {
                    throw new IllegalArgumentException(
                        Env.S3_ENDPOINT
                            + " must be http://host:port or https://…, got '"
                            + endpoint
                            + "'");
                  }
                  return new S3(
                      endpoint,
                      required(env, Env.S3_ACCESS_KEY, "when " + Env.S3_ENDPOINT + " is set"),
                      required(env, Env.S3_SECRET_KEY, "when " + Env.S3_ENDPOINT + " is set"));
                });
    Set<String> factory = versions(env, Env.FACTORY_MODELS);
    Set<String> base = versions(env, Env.PUBLISH_BASE_MODELS);
    if (!base.isEmpty() && s3.isEmpty()) {
      throw new IllegalArgumentException(
          Env.PUBLISH_BASE_MODELS + " needs an object store: set " + Env.S3_ENDPOINT);
    }
    return new FleetSimConfig(
        fleetSize,
        ingest,
        release,
        labels,
        secret,
        devices,
        timeLapse,
        seed,
        s3,
        value(env, Env.BUCKET).orElse(DEFAULT_BUCKET),
        factory,
        base,
        Duration.ofSeconds(intOf(env, Env.REPORT_SECONDS, 10, 1, 3_600)),
        Duration.ofSeconds(intOf(env, Env.PROGRESS_SECONDS, 10, 1, 3_600)),
        intOf(env, Env.UPLOAD_THREADS, 4, 1, 256),
        intOf(env, Env.HTTP_PORT, 8080, 0, 65_535),
        Duration.ofSeconds(intOf(env, Env.PULL_PATIENCE_SECONDS, 120, 1, 86_400)));
  }

  /** The fleet secret from {@link Env#FLEET_SECRET_FILE} or {@link Env#FLEET_SECRET}. */
  static byte[] fleetSecret(Map<String, String> env) {
    Optional<String> file = value(env, Env.FLEET_SECRET_FILE);
    String text;
    if (file.isPresent()) {
      try {
        text = Files.readString(Path.of(file.get()), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IllegalArgumentException(
            Env.FLEET_SECRET_FILE + "=" + file.get() + " cannot be read: " + e.getMessage(), e);
      }
    } else {
      text =
          value(env, Env.FLEET_SECRET)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "the fleet secret is required: set "
                              + Env.FLEET_SECRET_FILE
                              + " (a file, e.g. a mounted Secret key) or "
                              + Env.FLEET_SECRET));
    }
    // A trailing newline from `echo` or an editor is not part of the secret.
    String secret = text.strip();
    if (secret.isEmpty()) {
      throw new IllegalArgumentException("the fleet secret is empty");
    }
    return secret.getBytes(StandardCharsets.UTF_8);
  }

  /** {@code key=value,key=value} (Kubernetes label syntax is checked by the release channel). */
  static Map<String, String> labels(String text) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (String pair : text.split(",")) {
      String p = pair.trim();
      if (p.isEmpty()) {
        continue;
      }
      int eq = p.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            Env.FLEET_LABELS + " must be key=value,key=value; '" + p + "' has no key=value");
      }
      labels.put(p.substring(0, eq).trim(), p.substring(eq + 1).trim());
    }
    if (labels.isEmpty()) {
      throw new IllegalArgumentException(
          Env.FLEET_LABELS + " names no label; DataTriggers and FleetReleases select by labels");
    }
    return labels;
  }

  private static Set<String> versions(Map<String, String> env, String name) {
    Set<String> versions = new LinkedHashSet<>();
    for (String v : value(env, name).orElse("").split(",")) {
      String version = v.trim();
      if (version.isEmpty()) {
        continue;
      }
      if (!VERSION.matcher(version).matches()) {
        throw new IllegalArgumentException(
            name + " lists '" + version + "', which is not a model version (letters, digits, ._-)");
      }
      versions.add(version);
    }
    return versions;
  }

  private static String endpoint(Map<String, String> env, String name) {
    String v = required(env, name, "(host:port)");
    if (!ENDPOINT.matcher(v).matches()) {
      throw new IllegalArgumentException(name + " must be host:port, got '" + v + "'");
    }
    return v;
  }

  private static Optional<String> value(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
  }

  private static String required(Map<String, String> env, String name, String hint) {
    return value(env, name)
        .orElseThrow(() -> new IllegalArgumentException(name + " is required " + hint));
  }

  private static int intOf(Map<String, String> env, String name, int fallback, int min, int max) {
    Optional<String> v = value(env, name);
    if (v.isEmpty()) {
      return fallback;
    }
    int n;
    try {
      n = Integer.parseInt(v.get());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, got '" + v.get() + "'", e);
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException(
          name + " must be between " + min + " and " + max + ", got " + n);
    }
    return n;
  }

  private static long longOf(Map<String, String> env, String name, long fallback) {
    Optional<String> v = value(env, name);
    try {
      return v.map(Long::parseLong).orElse(fallback);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, got '" + v.get() + "'", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FleetSimConfig c
        && fleetSize == c.fleetSize
        && ingestEndpoint.equals(c.ingestEndpoint)
        && releaseEndpoint.equals(c.releaseEndpoint)
        && labels.equals(c.labels)
        && Arrays.equals(fleetSecret, c.fleetSecret)
        && devicesFile.equals(c.devicesFile)
        && timeLapse == c.timeLapse
        && seed == c.seed
        && s3.equals(c.s3)
        && bucket.equals(c.bucket)
        && factoryModels.equals(c.factoryModels)
        && baseModels.equals(c.baseModels)
        && reportEvery.equals(c.reportEvery)
        && progressEvery.equals(c.progressEvery)
        && uploadThreads == c.uploadThreads
        && healthPort == c.healthPort
        && pullPatience.equals(c.pullPatience);
  }

  @Override
  public int hashCode() {
    return Objects.hash(fleetSize, ingestEndpoint, releaseEndpoint, labels, seed);
  }

  /** Without the fleet secret and the S3 secret key. */
  @Override
  public String toString() {
    return "FleetSimConfig[fleetSize="
        + fleetSize
        + ", ingest="
        + ingestEndpoint
        + ", release="
        + releaseEndpoint
        + ", labels="
        + labels
        + ", devicesFile="
        + devicesFile.map(Path::toString).orElse("(none)")
        + ", timeLapse="
        + timeLapse
        + "x, seed="
        + seed
        + ", s3="
        + s3.map(S3::toString).orElse("(none)")
        + ", bucket="
        + bucket
        + ", factoryModels="
        + factoryModels
        + ", baseModels="
        + baseModels
        + "]";
  }
}
