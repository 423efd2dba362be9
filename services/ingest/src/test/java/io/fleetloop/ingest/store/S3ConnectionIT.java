package io.fleetloop.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.fleetloop.ingest.api.ClipDigests;
import io.fleetloop.local.ComponentKind;
import io.fleetloop.local.LocalStack;
import io.fleetloop.local.S3Component;
import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The signed-payload put against the real S3 server of the harness. */
class S3ConnectionIT {

  private static S3Connection s3;
  private static String bucket;

  @BeforeAll
  static void connect() throws Exception {
    S3Component server = LocalStack.shared(ComponentKind.S3).s3();
    s3 =
        S3Connection.open(
            server.endpoint(), server.accessKey(), server.secretKey(), server.region());
    bucket = "signed-put-" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
    s3.client().makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
  }

  @AfterAll
  static void close() {
    if (s3 != null) {
      s3.close();
    }
  }

  private static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static String sha256(byte[] b) {
    return HexFormat.of().formatHex(ClipDigests.newSha256().digest(b));
  }

  private static byte[] read(String key) throws Exception {
    try (InputStream in =
        s3.client().getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
      return in.readAllBytes();
    }
  }

  @Test
  void storesTheBytesOfARopeAsOneObject() throws Exception {
    byte[] payload = bytes(300_000, 1);
    // a rope of three received chunks, as the assembler hands it over
    ByteString rope =
        ByteString.copyFrom(payload, 0, 100_000)
            .concat(ByteString.copyFrom(payload, 100_000, 150_000))
            .concat(ByteString.copyFrom(payload, 250_000, 50_000));

    s3.putVerified(bucket, "clips/a", "application/octet-stream", sha256(payload), rope)
        .get(30, TimeUnit.SECONDS);

    assertThat(read("clips/a")).isEqualTo(payload);
    assertThat(
            s3.client()
                .statObject(StatObjectArgs.builder().bucket(bucket).object("clips/a").build())
                .contentType())
        .isEqualTo("application/octet-stream");
  }

  @Test
  void theServerRefusesBytesThatDoNotMatchTheSignedDigest() {
    byte[] payload = bytes(64 * 1024, 2);
    byte[] other = bytes(64 * 1024, 3);

    assertThatThrownBy(
            () ->
                s3.putVerified(
                        bucket,
                        "clips/b",
                        "application/octet-stream",
                        sha256(other),
                        ByteString.copyFrom(payload))
                    .get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .rootCause()
        .isInstanceOfSatisfying(
            ErrorResponseException.class,
            e -> assertThat(e.errorResponse().code()).isEqualTo("XAmzContentSHA256Mismatch"));
    assertThatThrownBy(() -> read("clips/b")).isInstanceOf(ErrorResponseException.class);
  }

  @Test
  void anEmptyPayloadIsStored() throws Exception {
    s3.putVerified(
            bucket,
            "clips/empty",
            "application/octet-stream",
            sha256(new byte[0]),
            ByteString.EMPTY)
        .get(30, TimeUnit.SECONDS);
    assertThat(read("clips/empty")).isEmpty();
  }
}
