package io.fleetloop.fleetsim;

import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.io.InputStream;

/** The fleet's view of the object store: reads {@code s3://bucket/key} and writes objects. */
final class ObjectStore implements AutoCloseable {

  private final MinioClient client;

  ObjectStore(FleetSimConfig.S3 s3) {
    this.client =
        MinioClient.builder()
            .endpoint(s3.endpoint())
            .credentials(s3.accessKey(), s3.secretKey())
            .build();
  }

  /** The bytes at {@code s3://bucket/key}. */
  byte[] read(String uri) throws Exception {
    String[] at = parse(uri);
    try (InputStream in =
        client.getObject(GetObjectArgs.builder().bucket(at[0]).object(at[1]).build())) {
      return in.readAllBytes();
    }
  }

  /**
   * Writes {@code bytes} to {@code key} in {@code bucket}.
   *
   * @return its {@code s3://} address
   */
  String write(String bucket, String key, byte[] bytes) throws Exception {
    client.putObject(
        PutObjectArgs.builder().bucket(bucket).object(key).stream(
                new ByteArrayInputStream(bytes), bytes.length, -1)
            .contentType("application/octet-stream")
            .build());
    return "s3://" + bucket + "/" + key;
  }

  /** {@code [bucket, key]} of an {@code s3://bucket/key} address. */
  static String[] parse(String uri) {
    int slash = uri.startsWith("s3://") ? uri.indexOf('/', 5) : -1;
    if (slash <= 5 || slash == uri.length() - 1) {
      throw new IllegalArgumentException("not an s3://bucket/key address: " + uri);
    }
    return new String[] {uri.substring(5, slash), uri.substring(slash + 1)};
  }

  @Override
  public void close() throws Exception {
    client.close();
  }
}
