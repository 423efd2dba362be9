package io.fleetloop.ingest.index;

import io.fleetloop.ingest.core.ClipIndex;
import io.fleetloop.ingest.core.IndexSegmentCodec;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The durable part of the idempotency index in object storage: segments {@code
 * clips/index/seg-<millis>-<writer>-<seq>.tsv}, each holding many clips (one PUT per checkpoint,
 * not per clip), and compacted snapshots {@code clips/index/snap-...} that replace them. Loading
 * reads every object under the prefix; an entry in two objects (a crash during compaction) is
 * harmless.
 */
public final class IndexSegments {

  public static final String PREFIX = "clips/index/";

  private final MinioClient s3;
  private final String bucket;
  private final String writer;
  private final AtomicLong seq = new AtomicLong();

  public IndexSegments(MinioClient s3, String bucket) {
    this.s3 = s3;
    this.bucket = bucket;
    byte[] id = new byte[4];
    ThreadLocalRandom.current().nextBytes(id);
    this.writer = HexFormat.of().formatHex(id);
  }

  /** The keys of all segments and snapshots, oldest first by name. */
  public List<String> list() throws Exception {
    List<String> keys = new ArrayList<>();
    for (Result<Item> r :
        s3.listObjects(
            ListObjectsArgs.builder().bucket(bucket).prefix(PREFIX).recursive(true).build())) {
      keys.add(r.get().objectName());
    }
    keys.sort(null);
    return keys;
  }

  /** Reads one segment or snapshot. */
  public List<ClipIndex.Entry> read(String key) throws Exception {
    try (GetObjectResponse in =
        s3.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
      return IndexSegmentCodec.decode(key, in.readAllBytes());
    }
  }

  /** Writes a new segment with {@code entries} (one PUT); returns its key. */
  public String write(List<ClipIndex.Entry> entries) throws Exception {
    return put("seg", entries);
  }

  /** Writes a snapshot of {@code entries}, to replace the segments it was built from. */
  public String writeSnapshot(List<ClipIndex.Entry> entries) throws Exception {
    return put("snap", entries);
  }

  public void delete(String key) throws Exception {
    s3.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
  }

  private String put(String kind, List<ClipIndex.Entry> entries) throws Exception {
    String key =
        String.format(
            "%s%s-%013d-%s-%08d.tsv",
            PREFIX, kind, System.currentTimeMillis(), writer, seq.incrementAndGet());
    byte[] bytes = IndexSegmentCodec.encode(entries);
    s3.putObject(
        PutObjectArgs.builder().bucket(bucket).object(key).stream(
                new ByteArrayInputStream(bytes), bytes.length, -1)
            .contentType("text/tab-separated-values")
            .build());
    return key;
  }
}
