package io.fleetloop.operator.trainingrun;

import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.errors.ErrorResponseException;
import java.io.InputStream;
import java.net.URI;
import java.util.Optional;

/**
 * Reads what trainers wrote: {@code metrics.json} and model artifacts, by {@code s3://bucket/key}
 * URI.
 */
public interface ArtifactStore {

  /** The object's bytes, or empty when it does not exist. */
  Optional<byte[]> read(String s3Uri);

  /** True when artifacts can be read (an object store is configured). */
  default boolean configured() {
    return true;
  }

  /** No object store: nothing can be read or verified. */
  static ArtifactStore none() {
    return new ArtifactStore() {
      @Override
      public Optional<byte[]> read(String s3Uri) {
        throw new IllegalStateException("no object store is configured");
      }

      @Override
      public boolean configured() {
        return false;
      }
    };
  }

  /** An S3 store (MinIO client). */
  static ArtifactStore s3(TrainingSettings.S3 s3) {
    MinioClient client =
        MinioClient.builder()
            .endpoint(s3.endpoint())
            .credentials(s3.accessKey(), s3.secretKey())
            .region("us-east-1")
            .build();
    return uri -> {
      URI parsed = URI.create(uri);
      if (!"s3".equals(parsed.getScheme()) || parsed.getHost() == null) {
        throw new IllegalArgumentException("not an s3://bucket/key URI: " + uri);
      }
      String key =
          parsed.getPath().startsWith("/") ? parsed.getPath().substring(1) : parsed.getPath();
      try (InputStream in =
          client.getObject(GetObjectArgs.builder().bucket(parsed.getHost()).object(key).build())) {
        return Optional.of(in.readAllBytes());
      } catch (ErrorResponseException e) {
        String code = e.errorResponse().code();
        if ("NoSuchKey".equals(code) || "NoSuchBucket".equals(code)) {
          return Optional.empty();
        }
        throw new IllegalStateException("reading " + uri + " failed: " + code, e);
      } catch (Exception e) {
        throw new IllegalStateException("reading " + uri + " failed: " + e, e);
      }
    };
  }
}
