package io.fleetloop.curator.consume;

import com.google.protobuf.InvalidProtocolBufferException;
import io.fleetloop.codec.ClipFormat;
import io.fleetloop.codec.ClipFormatException;
import io.fleetloop.codec.ClipFrames;
import io.fleetloop.codec.CodecResolver;
import io.fleetloop.curator.core.ClipLabeler;
import io.fleetloop.curator.core.LabeledClip;
import io.fleetloop.curator.core.PoisonReason;
import io.fleetloop.curator.store.CurationStore;
import io.fleetloop.curator.store.LabelIndex;
import io.fleetloop.curator.store.PoisonException;
import io.fleetloop.dataset.DatasetManifest;
import io.fleetloop.ingest.grpc.ClipHeader;
import io.fleetloop.ingest.grpc.ClipIngested;
import java.time.Clock;
import java.util.Optional;

/**
 * Turns one {@code ClipIngested} message into a labeled clip: parse, skip what is labeled already
 * (by clip id) or whose content is (by digest), read the payload, check its sha256, decode it with
 * {@link ClipFormat}, label it. Thread-safe; does not write anything.
 */
public final class ClipProcessor {

  /** What became of a message. */
  public sealed interface Outcome {
    /** The clip id of the message. */
    String clipId();
  }

  /** Newly labeled; to be persisted before the message is acknowledged. */
  public record Labeled(LabeledClip clip) implements Outcome {
    @Override
    public String clipId() {
      return clip.clipId();
    }
  }

  /** This clip id is labeled already (a redelivery or a second publish). */
  public record AlreadyLabeled(String clipId) implements Outcome {}

  /** Another clip id with the same content is labeled already. */
  public record DuplicateContent(String clipId, String labeledAs) implements Outcome {}

  private final CurationStore store;
  private final LabelIndex index;
  private final CodecResolver codecs;
  private final ClipLabeler labeler;
  private final Clock clock;

  /** A processor reading payloads through {@code store} and decoding them with {@code codecs}. */
  public ClipProcessor(
      CurationStore store,
      LabelIndex index,
      CodecResolver codecs,
      ClipLabeler labeler,
      Clock clock) {
    this.store = store;
    this.index = index;
    this.codecs = codecs;
    this.labeler = labeler;
    this.clock = clock;
  }

  /** Parses the message bytes. */
  public static ClipIngested parse(byte[] value) throws PoisonException {
    ClipIngested msg;
    try {
      msg = ClipIngested.parseFrom(value);
    } catch (InvalidProtocolBufferException e) {
      throw new PoisonException(
          PoisonReason.UNPARSEABLE, "message is not a ClipIngested protobuf: " + e.getMessage(), e);
    }
    if (!msg.hasHeader() || msg.getHeader().getClipId().isBlank()) {
      throw new PoisonException(PoisonReason.UNPARSEABLE, "ClipIngested without a clip id", null);
    }
    if (!msg.getDigest().startsWith("sha256:")) {
      throw new PoisonException(
          PoisonReason.UNPARSEABLE,
          "clip "
              + msg.getHeader().getClipId()
              + ": digest '"
              + msg.getDigest()
              + "' is not sha256:<hex>",
          null);
    }
    return msg;
  }

  /** Processes one message. */
  public Outcome process(byte[] value) throws PoisonException {
    ClipIngested msg = parse(value);
    ClipHeader h = msg.getHeader();
    String clipId = h.getClipId();
    if (index.byClipId(clipId).isPresent()) {
      return new AlreadyLabeled(clipId);
    }
    Optional<String> sameContent = index.clipIdOfDigest(msg.getDigest());
    if (sameContent.isPresent()) {
      return new DuplicateContent(clipId, sameContent.get());
    }
    byte[] payload = store.readPayload(clipId, msg.getObjectUri());
    String actual = DatasetManifest.digestOf(payload);
    if (!actual.equals(msg.getDigest())) {
      throw new PoisonException(
          PoisonReason.DIGEST_MISMATCH,
          "clip " + clipId + ": payload digest is " + actual + ", message says " + msg.getDigest(),
          null);
    }
    ClipFrames frames;
    try {
      frames = ClipFormat.read(payload, codecs);
    } catch (ClipFormatException e) {
      throw new PoisonException(
          PoisonReason.UNREADABLE_PAYLOAD, "clip " + clipId + ": " + e.getMessage(), e);
    }
    String label =
        labeler.label(
            frames, h.getMetadata().getTakeover(), h.getMetadata().getShadowDisagreement());
    return new Labeled(
        new LabeledClip(
            clipId,
            msg.getDigest(),
            msg.getObjectUri(),
            h.getDeviceId(),
            h.getTriggerId(),
            frames.condition(),
            label,
            frames.frames(),
            ClipLabeler.labeledFrames(frames),
            ClipFormat.codecVersion(payload),
            clock.instant().toString()));
  }
}
