package io.fleetloop.trainer;

import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.errors.ErrorResponseException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads and writes whole objects by {@link S3Uri} through the MinIO client. */
public final class ObjectStore {
  private final MinioClient client;

  public ObjectStore(MinioClient client) {
    this.client = client;
  }

  /** A store at {@code endpoint} with the given credentials. */
  public static ObjectStore connect(String endpoint, String accessKey, String secretKey) {
    return new ObjectStore(
        MinioClient.builder().endpoint(endpoint).credentials(accessKey, secretKey).build());
  }

  /**
   * The bytes of the object at {@code uri}.
   *
   * @throws ObjectStoreException naming the object when it is missing or cannot be read
   */
  public byte[] get(S3Uri uri) {
    try (InputStream in =
        client.getObject(GetObjectArgs.builder().bucket(uri.bucket()).object(uri.key()).build())) {
      return in.readAllBytes();
    } catch (ErrorResponseException e) {
      String code = e.errorResponse() == null ? "" : e.errorResponse().code();
      if ("NoSuchKey".equals(code) || "NoSuchBucket".equals(code)) {
        throw new ObjectStoreException("object " + uri + " does not exist (" + code + ")", e);
      }
      throw new ObjectStoreException("cannot read " + uri + ": " + e.getMessage(), e);
    } catch (Exception e) {
      throw new ObjectStoreException("cannot read " + uri + ": " + e.getMessage(), e);
    }
  }

  /** Writes {@code bytes} to {@code uri} (replacing any object there). */
  public void put(S3Uri uri, byte[] bytes, String contentType) {
    try {
      client.putObject(
          PutObjectArgs.builder().bucket(uri.bucket()).object(uri.key()).stream(
                  new ByteArrayInputStream(bytes), bytes.length, -1)
              .contentType(contentType)
              .build());
    } catch (IOException e) {
      throw new ObjectStoreException("cannot write " + uri + ": " + e.getMessage(), e);
    } catch (Exception e) {
      throw new ObjectStoreException("cannot write " + uri + ": " + e.getMessage(), e);
    }
  }

  /** An object that could not be read or written. */
  public static final class ObjectStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ObjectStoreException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
