package io.fleetloop.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * An immutable, versioned dataset snapshot: every clip it holds by content hash, where the clip's
 * payload lies, its label source and its training weight (docs/curation.md).
 *
 * <p>The manifest's identity is its content: {@link #id()} is {@code sha256:<hex>} of the canonical
 * JSON bytes ({@link #toJson()}: sorted keys, no insignificant whitespace). The constructor
 * normalizes the order (triggers sorted, clips sorted by clip id, conditions sorted), so two
 * manifests with the same content have the same id however they were assembled. The curator stores
 * the bytes once, at {@code s3://<bucket>/datasets/<hex>/manifest.json}; a reader checks them
 * against the id it was given with {@link #read(byte[], String)}.
 *
 * @param schema always {@link #SCHEMA}
 * @param createdAt ISO-8601 instant the snapshot was cut
 * @param parent the id of the snapshot this one extends, or {@code null} for the first
 * @param triggers the DataTrigger ids whose clips the snapshot took (empty = all)
 * @param clips the clips, sorted by clip id
 * @param perCondition clips per driving condition, keyed by the condition's label (e.g. {@code
 *     fog/construction/night/wet}, see {@code io.fleetloop.world.Conditions.label})
 */
public record DatasetManifest(
    String schema,
    String createdAt,
    String parent,
    List<String> triggers,
    List<DatasetManifest.Clip> clips,
    Map<String, Long> perCondition) {

  /** The schema identifier of this version of the manifest. */
  public static final String SCHEMA = "fleetloop.dataset-manifest/v1";

  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

  private static final ObjectMapper CANONICAL =
      JsonMapper.builder()
          .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .disable(SerializationFeature.INDENT_OUTPUT)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .serializationInclusion(JsonInclude.Include.ALWAYS)
          .build();

  /** Checks the fields and normalizes their order. */
  public DatasetManifest {
    if (!SCHEMA.equals(schema)) {
      throw new IllegalArgumentException(
          "dataset manifest schema '" + schema + "' is not supported (expected " + SCHEMA + ")");
    }
    Objects.requireNonNull(createdAt, "createdAt");
    if (parent != null && !DIGEST.matcher(parent).matches()) {
      throw new IllegalArgumentException("parent '" + parent + "' is not a sha256:<hex> id");
    }
    triggers = List.copyOf(new java.util.TreeSet<>(triggers == null ? List.of() : triggers));
    List<Clip> sorted = new ArrayList<>(clips == null ? List.of() : clips);
    sorted.sort(Comparator.comparing(Clip::clipId));
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).clipId().equals(sorted.get(i - 1).clipId())) {
        throw new IllegalArgumentException(
            "clip " + sorted.get(i).clipId() + " appears twice in the manifest");
      }
    }
    clips = List.copyOf(sorted);
    perCondition =
        java.util.Collections.unmodifiableMap(
            new TreeMap<>(perCondition == null ? Map.of() : perCondition));
  }

  /**
   * One clip of a snapshot.
   *
   * @param clipId the device's clip id (UUID)
   * @param digest {@code sha256:<hex>} of the payload
   * @param objectUri where the payload lies: {@code s3://<bucket>/clips/sha256/<ab>/<hex>}
   * @param deviceId the uploading device
   * @param triggerId the DataTrigger that fired: {@code datatrigger/<ns>/<name>}
   * @param condition the driving-condition index ({@code io.fleetloop.world.Conditions})
   * @param label why the clip is a sample: {@link #TAKEOVER}, {@link #SHADOW_DISAGREEMENT} or
   *     {@link #TRIGGER}; the training labels themselves are the per-frame human actions in the
   *     payload
   * @param frames number of frames in the payload
   * @param codecVersion the feature codec the payload is encoded with
   * @param weight the training weight of every frame of this clip (rare-condition balancing)
   */
  public record Clip(
      String clipId,
      String digest,
      String objectUri,
      String deviceId,
      String triggerId,
      int condition,
      String label,
      int frames,
      String codecVersion,
      double weight) {

    /** The human took over during the clip. */
    public static final String TAKEOVER = "takeover";

    /** The shadow candidate disagreed with the human. */
    public static final String SHADOW_DISAGREEMENT = "shadow-disagreement";

    /** Neither: the trigger's condition alone fired. */
    public static final String TRIGGER = "trigger";

    /** Checks the fields. */
    public Clip {
      if (clipId == null || clipId.isBlank()) {
        throw new IllegalArgumentException("clip id must not be blank");
      }
      if (digest == null || !DIGEST.matcher(digest).matches()) {
        throw new IllegalArgumentException(
            "clip " + clipId + ": digest '" + digest + "' is not sha256:<64 hex>");
      }
      Objects.requireNonNull(objectUri, "objectUri");
      if (!TAKEOVER.equals(label) && !SHADOW_DISAGREEMENT.equals(label) && !TRIGGER.equals(label)) {
        throw new IllegalArgumentException("clip " + clipId + ": unknown label '" + label + "'");
      }
      if (frames <= 0) {
        throw new IllegalArgumentException("clip " + clipId + ": frames must be positive");
      }
      if (!(weight > 0) || Double.isInfinite(weight)) {
        throw new IllegalArgumentException("clip " + clipId + ": weight must be positive");
      }
    }

    /** The payload's hex digest (without {@code sha256:}). */
    public String hex() {
      return digest.substring("sha256:".length());
    }
  }

  /** The canonical bytes: UTF-8 JSON with sorted keys and no insignificant whitespace. */
  public byte[] toJson() {
    try {
      return CANONICAL.writeValueAsBytes(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize dataset manifest", e);
    }
  }

  /** The snapshot id: {@code sha256:<hex>} of {@link #toJson()}. */
  public String id() {
    return digestOf(toJson());
  }

  /** The hex part of {@link #id()}, as used in the manifest's object key. */
  public String hex() {
    return id().substring("sha256:".length());
  }

  /** Total frames over all clips. */
  public long totalFrames() {
    long n = 0;
    for (Clip c : clips) {
      n += c.frames();
    }
    return n;
  }

  /**
   * Parses manifest bytes without checking them against an id.
   *
   * @throws InvalidManifestException when they are not a v1 manifest
   */
  public static DatasetManifest fromJson(byte[] bytes) {
    try {
      return CANONICAL.readValue(bytes, DatasetManifest.class);
    } catch (IOException | IllegalArgumentException e) {
      throw new InvalidManifestException("not a dataset manifest: " + rootMessage(e), e);
    }
  }

  /**
   * Parses manifest bytes read from storage, after checking that their digest is {@code
   * expectedId}: a manifest that was altered, truncated or swapped is refused.
   *
   * @throws InvalidManifestException when the digest differs or the bytes are not a manifest
   */
  public static DatasetManifest read(byte[] bytes, String expectedId) {
    String actual = digestOf(bytes);
    if (!actual.equals(expectedId)) {
      throw new InvalidManifestException(
          "dataset manifest digest mismatch: expected "
              + expectedId
              + " but the bytes are "
              + actual);
    }
    return fromJson(bytes);
  }

  /** The key under which a snapshot's manifest is stored: {@code datasets/<hex>/manifest.json}. */
  public static String objectKey(String id) {
    if (id == null || !DIGEST.matcher(id).matches()) {
      throw new IllegalArgumentException("snapshot id '" + id + "' is not sha256:<64 hex>");
    }
    return "datasets/" + id.substring("sha256:".length()) + "/manifest.json";
  }

  /** {@code sha256:<hex>} of {@code bytes}. */
  public static String digestOf(byte[] bytes) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage();
    return m == null ? t.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
  }
}
