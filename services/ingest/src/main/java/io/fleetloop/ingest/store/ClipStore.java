package io.fleetloop.ingest.store;

import com.google.protobuf.ByteString;
import io.fleetloop.ingest.api.ClipDigests;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.errors.ErrorResponseException;

/**
 * Object storage for clip payloads (MinIO Java SDK, any S3), content-addressed: {@code
 * clips/sha256/<ab>/<hex>} (identical bytes are one object; writing it again is harmless). One PUT
 * per new clip is the only storage request on an upload's path; the idempotency index lives under
 * {@code clips/index/} (see {@code io.fleetloop.ingest.index}).
 */
public final class ClipStore {

  public static final String PAYLOAD_PREFIX = "clips/sha256/";
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

  /**
   * Stores a verified payload under its content address; returns its URI. The payload is streamed
   * from the received buffers (the SDK copies it once into its own part buffer, as for any stream).
   */
  public String putPayload(String sha256Hex, ByteString payload) throws Exception {
    s3.putObject(
        PutObjectArgs.builder().bucket(bucket).object(ClipDigests.objectKey(sha256Hex)).stream(
                payload.newInput(), payload.size(), -1)
            .contentType("application/octet-stream")
            .build());
    return objectUri(sha256Hex);
  }
}
