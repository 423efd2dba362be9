package io.fleetloop.ingest.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.fleetloop.ingest.grpc.ClipHeader;
import io.fleetloop.ingest.grpc.ClipMetadata;
import io.fleetloop.ingest.grpc.UploadChunk;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every framing/validation bad input maps to its status code. */
class UploadAssemblerTest {

  private static final IngestLimits LIMITS = IngestLimits.defaults().withMaxClipBytes(1024);
  private static final String DEVICE = "veh-00001";

  private static UploadChunk header(ClipHeader h) {
    return UploadChunk.newBuilder().setHeader(h).build();
  }

  private static UploadChunk data(byte[] bytes, int from, int to) {
    return UploadChunk.newBuilder()
        .setData(ByteString.copyFrom(Arrays.copyOfRange(bytes, from, to)))
        .build();
  }

  /** Feeds the messages and finishes; returns the refusal (or null when accepted). */
  private static Refusal run(List<UploadChunk> messages) {
    UploadAssembler a = new UploadAssembler(LIMITS, DEVICE);
    try {
      for (UploadChunk m : messages) {
        a.accept(m);
      }
      a.finish();
      return null;
    } catch (Refusal r) {
      return r;
    }
  }

  private static List<UploadChunk> upload(ClipHeader h, byte[] payload, int chunk) {
    List<UploadChunk> messages = new ArrayList<>();
    messages.add(header(h));
    for (int i = 0; i < payload.length; i += chunk) {
      messages.add(data(payload, i, Math.min(payload.length, i + chunk)));
    }
    return messages;
  }

  private static Status.Code codeOf(TestClips clip) {
    Refusal r = run(upload(clip.header(), clip.payload(), 100));
    return r == null ? Status.Code.OK : r.code();
  }

  @Test
  void aWellFormedClipIsAssembledAndVerified() throws Refusal {
    TestClips clip = TestClips.clip(DEVICE, 1000);
    UploadAssembler a = new UploadAssembler(LIMITS, DEVICE);
    for (UploadChunk m : upload(clip.header(), clip.payload(), 333)) {
      a.accept(m);
    }
    UploadAssembler.Assembled done = a.finish();
    assertThat(done.payload().toByteArray()).isEqualTo(clip.payload());
    assertThat(done.sha256Hex()).isEqualTo(clip.header().getSha256());
  }

  @Test
  void malformedFraming() {
    TestClips clip = TestClips.clip(DEVICE, 10);
    byte[] p = clip.payload();
    assertThat(run(List.of()).code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(run(List.of(UploadAssembler.MALFORMED)).code())
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(run(List.of(UploadChunk.getDefaultInstance())).code())
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(run(List.of(data(p, 0, 10))).code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(run(List.of(header(clip.header()), header(clip.header()))).code())
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(run(List.of(header(clip.header()), UploadAssembler.MALFORMED)).code())
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
  }

  @Test
  void malformedHeaderFieldsAreInvalidArgument() {
    List<java.util.function.Consumer<ClipHeader.Builder>> edits =
        List.of(
            h -> h.setDeviceId(""),
            h -> h.setClipId("not-a-uuid"),
            h -> h.setClipId("6F9619FF-8B86-D011-B42D-00C04FC964FF"),
            h -> h.setTriggerId("takeover"),
            h -> h.setTriggerId("fleetrelease/ns/x"),
            h -> h.setTriggerGeneration(-1),
            h -> h.clearWindowStart(),
            h -> h.setWindowEnd(Timestamp.newBuilder().setSeconds(1)),
            h -> h.setCodecVersion(""),
            h -> h.setModelVersion(" "),
            h -> h.setTotalSize(-5),
            h -> h.setSha256("abc"),
            h -> h.setSha256("A".repeat(64)),
            h -> h.setMetadata(ClipMetadata.newBuilder().setShadowDisagreement(1.5)),
            h -> h.setMetadata(ClipMetadata.newBuilder().setShadowDisagreement(Double.NaN)));
    for (var edit : edits) {
      assertThat(codeOf(TestClips.clip(DEVICE, 10).edit(edit)))
          .as("edited header %s", edit)
          .isEqualTo(Status.Code.INVALID_ARGUMENT);
    }
  }

  @Test
  void uploadingAsAnotherDeviceIsPermissionDenied() {
    assertThat(codeOf(TestClips.clip("veh-00002", 10))).isEqualTo(Status.Code.PERMISSION_DENIED);
  }

  @Test
  void oversizedPayloadIsRefusedFromTheHeaderOrAsItStreams() {
    TestClips big = TestClips.clip(DEVICE, 2048);
    Refusal declared = run(List.of(header(big.header())));
    assertThat(declared.code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);

    // a header that lies small, then streams past the limit: refused at the first byte over
    ClipHeader lying = big.header().toBuilder().setTotalSize(1000).build();
    UploadAssembler a = new UploadAssembler(LIMITS, DEVICE);
    Refusal streamed =
        catchThrowableOfType(
            Refusal.class,
            () -> {
              a.accept(header(lying));
              a.accept(data(big.payload(), 0, 1000));
              a.accept(data(big.payload(), 1000, 2048));
            });
    assertThat(streamed.code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
  }

  @Test
  void morePayloadThanDeclaredIsInvalidArgument() {
    TestClips clip = TestClips.clip(DEVICE, 100);
    ClipHeader h = clip.header().toBuilder().setTotalSize(50).build();
    assertThat(run(upload(h, clip.payload(), 100)).code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
  }

  @Test
  void truncationAndChecksumMismatchAreDataLoss() {
    TestClips clip = TestClips.clip(DEVICE, 100);
    byte[] p = clip.payload();
    Refusal truncated = run(List.of(header(clip.header()), data(p, 0, 60)));
    assertThat(truncated.code()).isEqualTo(Status.Code.DATA_LOSS);
    assertThat(truncated.getMessage()).contains("60 of 100");

    byte[] flipped = p.clone();
    flipped[42] ^= 1;
    Refusal corrupt = run(upload(clip.header(), flipped, 30));
    assertThat(corrupt.code()).isEqualTo(Status.Code.DATA_LOSS);
    assertThat(corrupt.getMessage()).contains("checksum mismatch");
  }
}
