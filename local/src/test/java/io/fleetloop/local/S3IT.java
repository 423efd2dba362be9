package io.fleetloop.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The object store of the local stack speaks S3 (signature v4) through the MinIO client. */
class S3IT {

  private static MinioClient s3;

  @BeforeAll
  static void startS3() {
    s3 = LocalStack.shared(ComponentKind.S3).s3().newClient();
  }

  @AfterAll
  static void closeClient() throws Exception {
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  void objectPutIsReadBackByteForByte() throws Exception {
    String bucket =
        "s3-it-" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
    byte[] payload = ("clip payload " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);

    s3.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
    s3.putObject(
        PutObjectArgs.builder().bucket(bucket).object("clips/ab/cd.bin").stream(
                new ByteArrayInputStream(payload), payload.length, -1)
            .contentType("application/octet-stream")
            .build());

    assertThat(s3.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())).isTrue();
    assertThat(
            s3.statObject(StatObjectArgs.builder().bucket(bucket).object("clips/ab/cd.bin").build())
                .size())
        .isEqualTo(payload.length);
    try (GetObjectResponse in =
        s3.getObject(GetObjectArgs.builder().bucket(bucket).object("clips/ab/cd.bin").build())) {
      assertThat(in.readAllBytes()).isEqualTo(payload);
    }
  }
}
