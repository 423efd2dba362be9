package io.fleetloop.trainer;

import java.util.Objects;

/**
 * An object address {@code s3://bucket/key}.
 *
 * @param bucket the bucket
 * @param key the object key (for a prefix: without the trailing slash; may be empty)
 */
public record S3Uri(String bucket, String key) {
  public S3Uri {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(key, "key");
  }

  /**
   * Parses {@code s3://bucket/key}.
   *
   * @throws IllegalArgumentException when the text is not such an address
   */
  public static S3Uri parse(String uri) {
    if (uri == null || !uri.startsWith("s3://")) {
      throw new IllegalArgumentException("'" + uri + "' is not an s3://bucket/key address");
    }
    String rest = uri.substring("s3://".length());
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String key = slash < 0 ? "" : rest.substring(slash + 1);
    if (bucket.isEmpty()) {
      throw new IllegalArgumentException("'" + uri + "' names no bucket");
    }
    while (key.endsWith("/")) {
      key = key.substring(0, key.length() - 1);
    }
    return new S3Uri(bucket, key);
  }

  /** The object {@code name} under this prefix. */
  public S3Uri resolve(String name) {
    return new S3Uri(bucket, key.isEmpty() ? name : key + "/" + name);
  }

  @Override
  public String toString() {
    return "s3://" + bucket + "/" + key;
  }
}
