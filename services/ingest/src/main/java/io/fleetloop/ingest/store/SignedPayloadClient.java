package io.fleetloop.ingest.store;

import com.google.common.collect.ImmutableMultimap;
import com.google.protobuf.ByteString;
import io.minio.MinioAsyncClient;
import io.minio.Signer;
import io.minio.Time;
import io.minio.Xml;
import io.minio.credentials.Credentials;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.XmlParserException;
import io.minio.http.HttpUtils;
import io.minio.http.Method;
import io.minio.messages.ErrorResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.ZonedDateTime;
import java.util.concurrent.CompletableFuture;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;

/**
 * One S3 PUT of a payload whose sha256 the caller has already verified, through the MinIO SDK's own
 * request signing and HTTP client, without the work its {@code putObject} adds for a body of
 * unknown provenance.
 *
 * <p>The SDK's {@code putObject} takes an {@code InputStream}: it copies the stream into a growing
 * part buffer (every 64 KiB payload was copied four times on the way), computes its MD5 and, over
 * plain HTTP, its sha256 for the SigV4 {@code x-amz-content-sha256} header, and on a machine with
 * fewer than three cores starts a new thread for every put (its asynchronous part reader runs on
 * {@code CompletableFuture}'s default executor, which is one new thread per task when the common
 * pool has a parallelism of 1). Ingest has verified the payload's sha256 against the device's
 * header before it stores anything, so it signs the request with that digest and streams the
 * received buffers as the body: one copy (into the socket's buffers), no hashing, no thread. The S3
 * server recomputes the sha256 of the body it receives and refuses the PUT when it differs from the
 * signed one ({@code XAmzContentSHA256Mismatch}), so a payload damaged between ingest and storage
 * is not stored either.
 *
 * <p>How: the request is built and signed here, with the SDK's own URL builder ({@code buildUrl}:
 * path or virtual-host style, region) and its public SigV4 {@link Signer}, and sent with the SDK's
 * HTTP client; a non-2xx answer fails with the SDK's {@link ErrorResponseException}. (The SDK's
 * {@code executeAsync} would send an OkHttp {@link RequestBody} as it is, but unsigned.)
 */
final class SignedPayloadClient extends MinioAsyncClient {

  SignedPayloadClient(MinioAsyncClient client) {
    super(client);
  }

  /**
   * Stores {@code payload} as {@code bucket/object}; the future completes when the server has
   * answered 2xx, and fails (with the SDK's {@code ErrorResponseException} for an S3 error)
   * otherwise.
   *
   * @param sha256Hex the payload's sha256, lower-case hex, already verified by the caller
   */
  CompletableFuture<Void> put(
      String bucket, String object, String contentType, String sha256Hex, ByteString payload) {
    try {
      return getRegionAsync(bucket, region)
          .thenCompose(resolved -> send(bucket, object, resolved, contentType, sha256Hex, payload));
    } catch (Exception e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private CompletableFuture<Void> send(
      String bucket,
      String object,
      String resolvedRegion,
      String contentType,
      String sha256Hex,
      ByteString payload) {
    Request request;
    try {
      HttpUrl url = buildUrl(Method.PUT, bucket, object, resolvedRegion, ImmutableMultimap.of());
      Credentials credentials = provider.fetch();
      Request.Builder unsigned =
          new Request.Builder()
              .url(url)
              .header("Host", HttpUtils.getHostHeader(url))
              .header("Content-Type", contentType)
              .header("x-amz-content-sha256", sha256Hex)
              .header("x-amz-date", ZonedDateTime.now(Time.UTC).format(Time.AMZ_DATE_FORMAT))
              .put(new ByteStringBody(payload, MediaType.get(contentType)));
      if (credentials.sessionToken() != null) {
        unsigned.header("X-Amz-Security-Token", credentials.sessionToken());
      }
      request =
          Signer.signV4S3(
              unsigned.build(),
              resolvedRegion,
              credentials.accessKey(),
              credentials.secretKey(),
              sha256Hex);
    } catch (Exception e) {
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<Void> stored = new CompletableFuture<>();
    httpClient
        .newCall(request)
        .enqueue(
            new Callback() {
              @Override
              public void onFailure(Call call, IOException e) {
                stored.completeExceptionally(e);
              }

              @Override
              public void onResponse(Call call, Response response) {
                try (response) {
                  if (response.isSuccessful()) {
                    stored.complete(null);
                  } else {
                    stored.completeExceptionally(error(response));
                  }
                } catch (Exception e) {
                  stored.completeExceptionally(e);
                }
              }
            });
    return stored;
  }

  /** The S3 error of a non-2xx answer, as the SDK reports it. */
  private static Exception error(Response response) throws IOException {
    String body = response.body() == null ? "" : response.body().string();
    try {
      return new ErrorResponseException(Xml.unmarshal(ErrorResponse.class, body), response, null);
    } catch (XmlParserException | RuntimeException e) {
      return new IOException(
          "S3 PUT " + response.request().url() + " answered HTTP " + response.code() + ": " + body);
    }
  }

  /** A request body that writes a (possibly rope) {@link ByteString}'s buffers as they are. */
  static final class ByteStringBody extends RequestBody {
    private final ByteString payload;
    private final MediaType type;

    ByteStringBody(ByteString payload, MediaType type) {
      this.payload = payload;
      this.type = type;
    }

    @Override
    public MediaType contentType() {
      return type;
    }

    @Override
    public long contentLength() {
      return payload.size();
    }

    @Override
    public void writeTo(BufferedSink sink) throws java.io.IOException {
      for (ByteBuffer part : payload.asReadOnlyByteBufferList()) {
        sink.write(part);
      }
    }
  }
}
