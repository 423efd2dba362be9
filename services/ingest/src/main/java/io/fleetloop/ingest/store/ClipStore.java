package io.fleetloop.ingest.store;

import com.google.protobuf.ByteString;
import io.fleetloop.ingest.api.ClipDigests;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.errors.ErrorResponseException;
import java.util.concurrent.CompletableFuture;

/**
 * Object storage for clip payloads (MinIO Java SDK, any S3), content-addressed: {@code
 * clips/sha256/<ab>/<hex>} (identical bytes are one object; writing it again is harmless). One PUT
 * per new clip is the only storage request on an upload's path; the idempotency index lives under
 * {@code clips/index/} (see {@code io.fleetloop.ingest.index}).
 */
public final class ClipStore {

  public static final String PAYLOAD_PREFIX = "clips/sha256/";
  private final S3Connection connection;
  private final MinioClient s3;
  private final String bucket;

  public ClipStore(S3Connection connection, String bucket) {
    this.connection = connection;
    this.s3 = connection.client();
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
   * Stores a verified payload under its content address; the future completes with its URI once the
   * S3 server has it. The request is signed with {@code sha256Hex} (no second hash, no copy into
   * the SDK's part buffer: {@link S3Connection#putVerified}); the server refuses it if the bytes it
   * receives do not match.
   */
  public CompletableFuture<String> putPayload(String sha256Hex, ByteString payload) {
    return connection
        .putVerified(
            bucket,
            ClipDigests.objectKey(sha256Hex),
            "application/octet-stream",
            sha256Hex,
            payload)
        .thenApply(stored -> objectUri(sha256Hex));
  }
}
