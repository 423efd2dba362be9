package io.fleetloop.operator.trainingrun;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How the TrainingRun reconciler runs phases: the trainer image, where artifacts go, how the Jobs
 * reach the object store, how failed Jobs are retried and where the curator is.
 *
 * @param trainerImage the reference trainer image, used when a run sets no {@code spec.trainer}
 * @param bucket the object-store bucket of datasets ({@code datasets/<hex>/manifest.json}) and of
 *     training outputs ({@code training/<namespace>/<run>/<uid>/<phase>/})
 * @param s3 the object store the operator reads metrics and artifacts from; empty: the operator
 *     cannot verify artifacts and registers no model version
 * @param s3Secret the Secret (in the run's namespace) with keys {@code accessKey} and {@code
 *     secretKey} that trainer pods read their object-store credentials from
 * @param maxRetries how often a failed phase Job is retried before the run fails
 * @param retryBackoff the wait before the first retry; doubled for each further one
 * @param curator {@code host:port} of the curator's gRPC service; empty: runs must name a dataset
 *     snapshot
 * @param validatorImage the reference validator image: the Job that validates a produced model (see
 *     docs/validation.md)
 */
public record TrainingSettings(
    String trainerImage,
    String bucket,
    Optional<S3> s3,
    String s3Secret,
    int maxRetries,
    Duration retryBackoff,
    Optional<String> curator,
    String validatorImage) {

  /** The reference trainer image (contract C). */
  public static final String REFERENCE_TRAINER_IMAGE = "ghcr.io/fleetloop/trainer:0.1.0";

  /** The reference validator image ({@code io.fleetloop.validator.ValidatorMain}). */
  public static final String REFERENCE_VALIDATOR_IMAGE = "ghcr.io/fleetloop/validator:0.1.0";

  /** The default bucket. */
  public static final String DEFAULT_BUCKET = "fleetloop";

  /** The default Secret trainer pods read object-store credentials from. */
  public static final String DEFAULT_S3_SECRET = "fleetloop-s3";

  /** Environment variables {@link #fromEnv} reads. */
  public static final class Env {
    public static final String TRAINER_IMAGE = "FLEETLOOP_TRAINER_IMAGE";
    public static final String BUCKET = "FLEETLOOP_BUCKET";
    public static final String S3_ENDPOINT = "FLEETLOOP_S3_ENDPOINT";
    public static final String S3_ACCESS_KEY = "FLEETLOOP_S3_ACCESS_KEY";
    public static final String S3_SECRET_KEY = "FLEETLOOP_S3_SECRET_KEY";
    public static final String S3_SECRET = "FLEETLOOP_TRAINER_S3_SECRET";
    public static final String MAX_RETRIES = "FLEETLOOP_TRAINING_MAX_RETRIES";
    public static final String CURATOR_ENDPOINT = "FLEETLOOP_CURATOR_ENDPOINT";
    public static final String VALIDATOR_IMAGE = "FLEETLOOP_VALIDATOR_IMAGE";

    private Env() {}
  }

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

  public TrainingSettings {
    Objects.requireNonNull(trainerImage, "trainerImage");
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(s3, "s3");
    Objects.requireNonNull(s3Secret, "s3Secret");
    Objects.requireNonNull(retryBackoff, "retryBackoff");
    Objects.requireNonNull(curator, "curator");
    Objects.requireNonNull(validatorImage, "validatorImage");
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must not be negative");
    }
  }

  /** No object store, no curator, 2 retries 10 s apart (doubling). */
  public static TrainingSettings defaults() {
    return new TrainingSettings(
        REFERENCE_TRAINER_IMAGE,
        DEFAULT_BUCKET,
        Optional.empty(),
        DEFAULT_S3_SECRET,
        2,
        Duration.ofSeconds(10),
        Optional.empty(),
        REFERENCE_VALIDATOR_IMAGE);
  }

  /** From the container's environment ({@link Env}); unset variables keep the defaults. */
  public static TrainingSettings fromEnv(Map<String, String> env) {
    TrainingSettings d = defaults();
    String endpoint = blank(env.get(Env.S3_ENDPOINT));
    Optional<S3> s3 =
        endpoint == null
            ? Optional.empty()
            : Optional.of(
                new S3(
                    endpoint,
                    Objects.requireNonNullElse(env.get(Env.S3_ACCESS_KEY), ""),
                    Objects.requireNonNullElse(env.get(Env.S3_SECRET_KEY), "")));
    String retries = blank(env.get(Env.MAX_RETRIES));
    int maxRetries;
    try {
      maxRetries = retries == null ? d.maxRetries() : Integer.parseInt(retries);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          Env.MAX_RETRIES + " must be an integer, got '" + retries + "'", e);
    }
    return new TrainingSettings(
        Optional.ofNullable(blank(env.get(Env.TRAINER_IMAGE))).orElse(d.trainerImage()),
        Optional.ofNullable(blank(env.get(Env.BUCKET))).orElse(d.bucket()),
        s3,
        Optional.ofNullable(blank(env.get(Env.S3_SECRET))).orElse(d.s3Secret()),
        maxRetries,
        d.retryBackoff(),
        Optional.ofNullable(blank(env.get(Env.CURATOR_ENDPOINT))),
        Optional.ofNullable(blank(env.get(Env.VALIDATOR_IMAGE))).orElse(d.validatorImage()));
  }

  /** The same settings reading artifacts from {@code s3}. */
  public TrainingSettings withS3(S3 s3) {
    return new TrainingSettings(
        trainerImage,
        bucket,
        Optional.of(s3),
        s3Secret,
        maxRetries,
        retryBackoff,
        curator,
        validatorImage);
  }

  /** The same settings with another retry policy. */
  public TrainingSettings withRetries(int maxRetries, Duration retryBackoff) {
    return new TrainingSettings(
        trainerImage, bucket, s3, s3Secret, maxRetries, retryBackoff, curator, validatorImage);
  }

  /** The same settings with another bucket. */
  public TrainingSettings withBucket(String bucket) {
    return new TrainingSettings(
        trainerImage, bucket, s3, s3Secret, maxRetries, retryBackoff, curator, validatorImage);
  }

  /** The same settings validating with another image. */
  public TrainingSettings withValidatorImage(String validatorImage) {
    return new TrainingSettings(
        trainerImage, bucket, s3, s3Secret, maxRetries, retryBackoff, curator, validatorImage);
  }

  private static String blank(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
