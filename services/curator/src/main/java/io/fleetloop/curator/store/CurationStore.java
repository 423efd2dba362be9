package io.fleetloop.curator.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fleetloop.curator.core.LabeledClip;
import io.fleetloop.curator.core.PoisonReason;
import io.fleetloop.dataset.DatasetManifest;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The curator's object storage (MinIO SDK, any S3), all in one bucket:
 *
 * <ul>
 *   <li>{@code curation/labels/<millis>-<consumer>-<n>.json}: batches of labeled clips, each
 *       written once before its messages are acknowledged;
 *   <li>{@code datasets/<hex>/manifest.json}: the immutable manifests (contract A);
 *   <li>{@code curation/snapshots/<hex>.json}: the snapshot registry entry, written after the
 *       manifest; a manifest without an entry is an orphan of an interrupted cut and is ignored.
 * </ul>
 *
 * Payloads are read from wherever their {@code s3://bucket/key} URI points.
 */
public final class CurationStore {
  /** Prefix of labeled-clip batches. */
  public static final String LABELS_PREFIX = "curation/labels/";

  /** Prefix of snapshot registry entries. */
  public static final String SNAPSHOTS_PREFIX = "curation/snapshots/";

  private static final ObjectMapper JSON =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
  private static final TypeReference<List<LabeledClip>> BATCH = new TypeReference<>() {};

  private final MinioClient s3;
  private final String bucket;

  /** A store in {@code bucket}. */
  public CurationStore(MinioClient s3, String bucket) {
    this.s3 = s3;
    this.bucket = bucket;
  }

  /** The bucket. */
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

  /**
   * The bytes of a payload.
   *
   * @throws PoisonException {@code MISSING_OBJECT} when it does not exist, {@code
   *     STORAGE_UNAVAILABLE} when storage fails otherwise
   */
  public byte[] readPayload(String clipId, String objectUri) throws PoisonException {
    if (objectUri == null || !objectUri.startsWith("s3://") || objectUri.indexOf('/', 5) < 0) {
      throw new PoisonException(
          PoisonReason.MISSING_OBJECT,
          "clip " + clipId + ": object uri '" + objectUri + "' is not s3://<bucket>/<key>",
          null);
    }
    int slash = objectUri.indexOf('/', 5);
    String b = objectUri.substring(5, slash);
    String key = objectUri.substring(slash + 1);
    try (GetObjectResponse in =
        s3.getObject(GetObjectArgs.builder().bucket(b).object(key).build())) {
      return in.readAllBytes();
    } catch (ErrorResponseException e) {
      if (isNotFound(e)) {
        throw new PoisonException(
            PoisonReason.MISSING_OBJECT,
            "clip " + clipId + ": payload " + objectUri + " is missing",
            e);
      }
      throw new PoisonException(
          PoisonReason.STORAGE_UNAVAILABLE,
          "clip " + clipId + ": reading " + objectUri + " failed: " + e.getMessage(),
          e);
    } catch (Exception e) {
      throw new PoisonException(
          PoisonReason.STORAGE_UNAVAILABLE,
          "clip " + clipId + ": reading " + objectUri + " failed: " + e,
          e);
    }
  }

  /** Writes one batch of labeled clips under {@code curation/labels/<name>}. */
  public void writeLabelBatch(String name, List<LabeledClip> clips) throws Exception {
    put(LABELS_PREFIX + name, JSON.writeValueAsBytes(clips), "application/json");
  }

  /** Reads a batch of labeled clips by its full key. */
  public List<LabeledClip> readLabelBatch(String key) throws Exception {
    return JSON.readValue(get(key).orElseThrow(), BATCH);
  }

  /** Every key under {@code prefix}, in key order. */
  public List<String> list(String prefix) throws Exception {
    List<String> keys = new ArrayList<>();
    for (Result<Item> r :
        s3.listObjects(
            ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build())) {
      keys.add(r.get().objectName());
    }
    return keys;
  }

  /** Stores a manifest's canonical bytes at its content address (once: it is immutable). */
  public String putManifest(DatasetManifest manifest) throws Exception {
    String key = DatasetManifest.objectKey(manifest.id());
    if (!exists(key)) {
      put(key, manifest.toJson(), "application/json");
    }
    return manifestUri(manifest.id());
  }

  /** {@code s3://<bucket>/datasets/<hex>/manifest.json}. */
  public String manifestUri(String id) {
    return "s3://" + bucket + "/" + DatasetManifest.objectKey(id);
  }

  /** Reads a manifest and checks its bytes against {@code id}; empty when it is not stored. */
  public Optional<DatasetManifest> readManifest(String id) throws Exception {
    Optional<byte[]> bytes = get(DatasetManifest.objectKey(id));
    return bytes.map(b -> DatasetManifest.read(b, id));
  }

  /** Writes a registry entry (commits a snapshot). */
  public void putSnapshotEntry(SnapshotEntry entry) throws Exception {
    put(
        SNAPSHOTS_PREFIX + entry.id().substring("sha256:".length()) + ".json",
        JSON.writeValueAsBytes(entry),
        "application/json");
  }

  /** Reads a registry entry by its full key. */
  public SnapshotEntry readSnapshotEntry(String key) throws Exception {
    return JSON.readValue(get(key).orElseThrow(), SnapshotEntry.class);
  }

  private boolean exists(String key) throws Exception {
    try {
      s3.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
      return true;
    } catch (ErrorResponseException e) {
      if (isNotFound(e)) {
        return false;
      }
      throw e;
    }
  }

  private Optional<byte[]> get(String key) throws Exception {
    try (GetObjectResponse in =
        s3.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
      return Optional.of(in.readAllBytes());
    } catch (ErrorResponseException e) {
      if (isNotFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private void put(String key, byte[] bytes, String contentType) throws Exception {
    s3.putObject(
        PutObjectArgs.builder().bucket(bucket).object(key).stream(
                new ByteArrayInputStream(bytes), bytes.length, -1)
            .contentType(contentType)
            .build());
  }

  private static boolean isNotFound(ErrorResponseException e) {
    if (e.response() != null && e.response().code() == 404) {
      return true;
    }
    String code = e.errorResponse() == null ? "" : e.errorResponse().code();
    return "NoSuchKey".equals(code) || "NoSuchObject".equals(code) || "NoSuchBucket".equals(code);
  }
}
