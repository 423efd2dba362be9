package io.fleetloop.ingest.store;

import io.fleetloop.ingest.api.ClipDigests;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import java.io.ByteArrayInputStream;
import java.util.Map;
import java.util.Optional;

/**
 * Object storage for clips (MinIO Java SDK, any S3).
 *
 * <ul>
 *   <li>payloads, content-addressed: {@code clips/sha256/<ab>/<hex>} (identical bytes are one
 *       object; writing it again is harmless);
 *   <li>ingest markers, one per clip id: {@code clips/by-id/<clipId>}, an empty object whose user
 *       metadata names the device and digest. It is written only after the ClipIngested message is
 *       durable, so its presence means "stored and published" — the idempotency record.
 * </ul>
 */
public final class ClipStore {

  public static final String PAYLOAD_PREFIX = "clips/sha256/";
  public static final String MARKER_PREFIX = "clips/by-id/";

  /** What a marker records about an ingested clip. */
  public record Marker(String clipId, String deviceId, String sha256Hex) {}

  private final MinioClient s3;
  private final String bucket;

  public ClipStore(MinioClient s3, String bucket) {
    this.s3 = s3;
    this.bucket = bucket;
  }

  public String bucket() {
    return bucket;
  }

  /** Creates the bucket if it is missing. */
  public void ensureBucket() throws Exception {
    if (!s3.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
      try {
        s3.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
      } catch (ErrorResponseException e) {
        String code = e.errorResponse().code();
        if (!"BucketAlreadyOwnedByYou".equals(code) && !"BucketAlreadyExists".equals(code)) {
          throw e;
        }
      }
    }
  }

  public String objectUri(String sha256Hex) {
    return "s3://" + bucket + "/" + ClipDigests.objectKey(sha256Hex);
  }

  /** Stores a verified payload under its content address; returns its URI. */
  public String putPayload(String sha256Hex, byte[] payload) throws Exception {
    s3.putObject(
        PutObjectArgs.builder().bucket(bucket).object(ClipDigests.objectKey(sha256Hex)).stream(
                new ByteArrayInputStream(payload), payload.length, -1)
            .contentType("application/octet-stream")
            .build());
    return objectUri(sha256Hex);
  }

  /** The marker of an ingested clip id, if there is one. */
  public Optional<Marker> findMarker(String clipId) throws Exception {
    try {
      StatObjectResponse stat =
          s3.statObject(
              StatObjectArgs.builder().bucket(bucket).object(MARKER_PREFIX + clipId).build());
      Map<String, String> meta = stat.userMetadata();
      return Optional.of(
          new Marker(clipId, meta.getOrDefault("device", ""), meta.getOrDefault("sha256", "")));
    } catch (ErrorResponseException e) {
      if (e.response() != null && e.response().code() == 404) {
        return Optional.empty();
      }
      String code = e.errorResponse() == null ? "" : e.errorResponse().code();
      if ("NoSuchKey".equals(code) || "NoSuchObject".equals(code)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Records that a clip id is stored and published. */
  public void putMarker(Marker marker) throws Exception {
    s3.putObject(
        PutObjectArgs.builder().bucket(bucket).object(MARKER_PREFIX + marker.clipId()).stream(
                new ByteArrayInputStream(new byte[0]), 0, -1)
            .userMetadata(Map.of("device", marker.deviceId(), "sha256", marker.sha256Hex()))
            .contentType("application/octet-stream")
            .build());
  }
}
