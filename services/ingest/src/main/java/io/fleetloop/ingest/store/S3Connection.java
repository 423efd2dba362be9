package io.fleetloop.ingest.store;

import com.google.protobuf.ByteString;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import java.util.concurrent.CompletableFuture;
import okhttp3.OkHttpClient;

/**
 * Ingest's connection to its S3 server: the MinIO SDK client for buckets, listings and small
 * objects, and {@link #putVerified} for clip payloads (see {@link SignedPayloadClient}), both over
 * one HTTP client with the upload path's settings ({@link S3Clients}). Closing it closes the HTTP
 * client.
 */
public final class S3Connection implements AutoCloseable {

  private final OkHttpClient http;
  private final MinioClient client;
  private final SignedPayloadClient payloads;

  private S3Connection(OkHttpClient http, MinioClient client, SignedPayloadClient payloads) {
    this.http = http;
    this.client = client;
    this.payloads = payloads;
  }

  /**
   * Connects to {@code endpoint} with static keys ({@code region} may be null or blank: the SDK
   * asks the server), at most {@code maxConcurrent} requests in flight.
   */
  public static S3Connection open(
      String endpoint, String accessKey, String secretKey, String region, int maxConcurrent) {
    OkHttpClient http = S3Clients.httpClient(maxConcurrent);
    MinioClient.Builder sync =
        MinioClient.builder().endpoint(endpoint).credentials(accessKey, secretKey);
    MinioAsyncClient.Builder async =
        MinioAsyncClient.builder().endpoint(endpoint).credentials(accessKey, secretKey);
    if (region != null && !region.isBlank()) {
      sync.region(region);
      async.region(region);
    }
    return new S3Connection(
        http,
        sync.httpClient(http, false).build(),
        new SignedPayloadClient(async.httpClient(http, false).build()));
  }

  /**
   * {@link #open(String, String, String, String, int)} with {@link
   * S3Clients#DEFAULT_MAX_CONCURRENT}.
   */
  public static S3Connection open(
      String endpoint, String accessKey, String secretKey, String region) {
    return open(endpoint, accessKey, secretKey, region, S3Clients.DEFAULT_MAX_CONCURRENT);
  }

  /** The SDK client (buckets, listings, index segments: everything but clip payloads). */
  public MinioClient client() {
    return client;
  }

  /**
   * Stores a payload whose sha256 the caller has verified, signed with that digest (the server
   * refuses the PUT if the bytes it receives do not match it).
   *
   * @param sha256Hex lower-case hex sha256 of {@code payload}
   */
  public CompletableFuture<Void> putVerified(
      String bucket, String object, String contentType, String sha256Hex, ByteString payload) {
    return payloads.put(bucket, object, contentType, sha256Hex, payload);
  }

  @Override
  public void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
