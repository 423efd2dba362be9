package io.fleetloop.ingest.core;

import com.google.protobuf.Timestamp;
import io.fleetloop.ingest.api.ClipDigests;
import io.fleetloop.ingest.grpc.ClipHeader;
import io.fleetloop.ingest.grpc.ClipMetadata;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.UUID;

/** Fluent builder of clips (header + payload) for tests. */
public final class TestClips {

  private final ClipHeader.Builder header;
  private byte[] payload;

  private TestClips(String deviceId, byte[] payload) {
    this.payload = payload;
    this.header =
        ClipHeader.newBuilder()
            .setDeviceId(deviceId)
            .setClipId(UUID.randomUUID().toString())
            .setTriggerId("datatrigger/fleet/takeover")
            .setTriggerGeneration(3)
            .setWindowStart(Timestamp.newBuilder().setSeconds(1_790_000_000))
            .setWindowEnd(Timestamp.newBuilder().setSeconds(1_790_000_012))
            .setCodecVersion("codec-v2")
            .setModelVersion("policy-7")
            .setMetadata(
                ClipMetadata.newBuilder()
                    .putEnv("weather", "fog")
                    .putEnv("zone", "construction")
                    .setTakeover(true)
                    .setShadowDisagreement(0.42)
                    .setShadowModelVersion("policy-8"));
  }

  /** A clip of {@code size} pseudo-random bytes (unique per clip: seeded by the clip id). */
  public static TestClips clip(String deviceId, int size) {
    TestClips c = new TestClips(deviceId, new byte[size]);
    new Random(c.header.getClipId().hashCode()).nextBytes(c.payload);
    byte[] id = c.header.getClipId().getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(id, 0, c.payload, 0, Math.min(id.length, size));
    return c;
  }

  public TestClips clipId(String clipId) {
    header.setClipId(clipId);
    return this;
  }

  public TestClips edit(java.util.function.Consumer<ClipHeader.Builder> change) {
    change.accept(header);
    return this;
  }

  public TestClips payload(byte[] bytes) {
    this.payload = bytes;
    return this;
  }

  /** The header as a correct device would send it (size and sha256 of the payload)... */
  public ClipHeader header() {
    ClipHeader.Builder b = header.clone();
    if (b.getTotalSize() == 0) {
      b.setTotalSize(payload.length);
    }
    if (b.getSha256().isEmpty()) {
      b.setSha256(ClipDigests.sha256Hex(payload));
    }
    return b.build();
  }

  public byte[] payload() {
    return payload.clone();
  }
}
