package io.fleetloop.ingest.core;

import com.google.protobuf.ByteString;
import io.fleetloop.audit.api.ResourceIds;
import io.fleetloop.audit.api.StreamKind;
import io.fleetloop.ingest.api.ClipDigests;
import io.fleetloop.ingest.grpc.ClipHeader;
import io.fleetloop.ingest.grpc.UploadChunk;
import io.grpc.Status;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The framing rules of one {@code Upload} stream, as plain Java: the first message is a valid
 * header for the authenticated device, then payload bytes up to exactly {@code total_size}, whose
 * sha256 must match the header. Every violation is a {@link Refusal} with its status code
 * (docs/ingest.md, "Bad input"); the size is checked as bytes arrive, so an oversized upload is
 * refused before it is read.
 */
public final class UploadAssembler {

  /**
   * What the lenient request marshaller hands over when a message's bytes are not a valid
   * UploadChunk (compared by identity).
   */
  public static final UploadChunk MALFORMED = UploadChunk.newBuilder().build();

  private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@+-]{0,127}");
  private static final int MAX_TEXT = 256;

  /**
   * A complete, verified clip. The payload is the received {@code data} messages joined without a
   * copy (a rope of views of the received buffers); {@link ByteString#newInput()} streams it.
   */
  public record Assembled(ClipHeader header, ByteString payload, String sha256Hex) {}

  private final IngestLimits limits;
  private final String authenticatedDevice;
  private ClipHeader header;
  private MessageDigest sha256;
  private final List<ByteString> chunks = new ArrayList<>();
  private int received;

  public UploadAssembler(IngestLimits limits, String authenticatedDevice) {
    this.limits = limits;
    this.authenticatedDevice = authenticatedDevice;
  }

  /**
   * Takes the next message of the stream.
   *
   * @return the header when {@code chunk} was the (valid) header, otherwise null
   */
  public ClipHeader accept(UploadChunk chunk) throws Refusal {
    if (chunk == MALFORMED) {
      throw Refusal.invalid("malformed message: not an UploadChunk (truncated or corrupt bytes)");
    }
    switch (chunk.getPartCase()) {
      case HEADER -> {
        if (header != null) {
          throw Refusal.invalid("a second header in one upload");
        }
        header = validate(chunk.getHeader());
        sha256 = ClipDigests.newSha256();
        return header;
      }
      case DATA -> {
        if (header == null) {
          throw Refusal.invalid("payload before the header: the first message must be a header");
        }
        append(chunk.getData());
        return null;
      }
      default -> throw Refusal.invalid("empty message: neither header nor data");
    }
  }

  /** The stream ended: the clip must be complete and match its sha256. */
  public Assembled finish() throws Refusal {
    if (header == null) {
      throw Refusal.invalid("empty upload: no header");
    }
    if (received < header.getTotalSize()) {
      throw new Refusal(
          Status.Code.DATA_LOSS,
          "truncated upload: "
              + received
              + " of "
              + header.getTotalSize()
              + " bytes of clip "
              + header.getClipId());
    }
    String actual = HexFormat.of().formatHex(sha256.digest());
    if (!actual.equals(header.getSha256())) {
      throw new Refusal(
          Status.Code.DATA_LOSS,
          "checksum mismatch for clip "
              + header.getClipId()
              + ": header says sha256 "
              + header.getSha256()
              + ", payload is "
              + actual);
    }
    return new Assembled(header, ByteString.copyFrom(chunks), actual);
  }

  public ClipHeader header() {
    return header;
  }

  private void append(ByteString data) throws Refusal {
    long after = (long) received + data.size();
    if (after > limits.maxClipBytes()) {
      throw new Refusal(
          Status.Code.RESOURCE_EXHAUSTED,
          "payload over the limit of " + limits.maxClipBytes() + " bytes");
    }
    if (after > header.getTotalSize()) {
      throw Refusal.invalid(
          "more payload than the declared total_size " + header.getTotalSize() + " bytes");
    }
    chunks.add(data);
    for (ByteBuffer part : data.asReadOnlyByteBufferList()) {
      sha256.update(part);
    }
    received = (int) after;
  }

  private ClipHeader validate(ClipHeader h) throws Refusal {
    if (!DEVICE_ID.matcher(h.getDeviceId()).matches()) {
      throw Refusal.invalid("header.device_id is missing or malformed");
    }
    if (!h.getDeviceId().equals(authenticatedDevice)) {
      throw new Refusal(
          Status.Code.PERMISSION_DENIED,
          "device " + authenticatedDevice + " may not upload as " + h.getDeviceId());
    }
    if (!isCanonicalUuid(h.getClipId())) {
      throw Refusal.invalid("header.clip_id must be a lower-case UUID");
    }
    if (!ResourceIds.isOf(h.getTriggerId(), StreamKind.DATATRIGGER)) {
      throw Refusal.invalid("header.trigger_id must be datatrigger/<namespace>/<name>");
    }
    if (h.getTriggerGeneration() < 0) {
      throw Refusal.invalid("header.trigger_generation must not be negative");
    }
    if (!h.hasWindowStart() || !h.hasWindowEnd()) {
      throw Refusal.invalid("header.window_start and header.window_end are required");
    }
    if (compare(h.getWindowEnd(), h.getWindowStart()) < 0) {
      throw Refusal.invalid("header.window_end is before header.window_start");
    }
    if (!text(h.getCodecVersion()) || !text(h.getModelVersion())) {
      throw Refusal.invalid("header.codec_version and header.model_version are required");
    }
    if (h.getTotalSize() <= 0) {
      throw Refusal.invalid("header.total_size must be positive");
    }
    if (h.getTotalSize() > limits.maxClipBytes()) {
      throw new Refusal(
          Status.Code.RESOURCE_EXHAUSTED,
          "payload of "
              + h.getTotalSize()
              + " bytes is over the limit of "
              + limits.maxClipBytes()
              + " bytes");
    }
    if (!ClipDigests.isSha256Hex(h.getSha256())) {
      throw Refusal.invalid("header.sha256 must be 64 lower-case hex digits");
    }
    double disagreement = h.getMetadata().getShadowDisagreement();
    if (!Double.isFinite(disagreement) || disagreement < 0 || disagreement > 1) {
      throw Refusal.invalid("header.metadata.shadow_disagreement must be within [0, 1]");
    }
    return h;
  }

  private static boolean text(String s) {
    return !s.isBlank() && s.length() <= MAX_TEXT;
  }

  private static int compare(com.google.protobuf.Timestamp a, com.google.protobuf.Timestamp b) {
    int c = Long.compare(a.getSeconds(), b.getSeconds());
    return c != 0 ? c : Integer.compare(a.getNanos(), b.getNanos());
  }

  private static boolean isCanonicalUuid(String s) {
    try {
      return s.length() == 36 && UUID.fromString(s).toString().equals(s);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
