package io.fleetloop.ingest.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fleetloop.ingest.api.ClipDigests;
import io.fleetloop.ingest.api.DeviceToken;
import io.fleetloop.ingest.client.IngestClient;
import io.fleetloop.ingest.core.IngestLimits;
import io.fleetloop.ingest.core.TestClips;
import io.fleetloop.ingest.grpc.ClipHeader;
import io.fleetloop.ingest.grpc.ClipIngested;
import io.fleetloop.ingest.grpc.UploadAck;
import io.fleetloop.ingest.grpc.UploadChunk;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.MakeBucketArgs;
import io.minio.RemoveBucketArgs;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.pulsar.client.api.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The ingest service against the real S3 server and Pulsar broker: the happy path, replay, and the
 * bad-input corpus (each refused with its exact status, nothing stored, nothing published).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IngestIT {

  private static final int LIMIT = 256 * 1024;
  private static final Duration QUIET = Duration.ofMillis(1500);
  private static IngestEnvironment env;

  @BeforeAll
  static void start() throws Exception {
    env =
        new IngestEnvironment(
            "ingest-it",
            IngestConfig.defaults()
                .withLimits(IngestLimits.defaults().withMaxClipBytes(LIMIT).withClipRate(1, 5)));
    env.register("veh-happy");
    env.register("veh-bad");
    env.register("veh-other");
    env.register("veh-rate");
    env.register("veh-revoked");
    env.devices.revoke("veh-revoked");
  }

  @AfterAll
  static void stop() throws Exception {
    if (env != null) {
      env.close();
    }
  }

  @Test
  @Order(1)
  void aClipIsStoredContentAddressedPublishedKeyedByDeviceAndThenAcknowledged() throws Exception {
    TestClips clip = TestClips.clip("veh-happy", 100_000);
    ClipHeader header = clip.header();
    UploadAck ack =
        env.client("veh-happy", IngestClient.Options.defaults().withChunkBytes(16 * 1024))
            .upload(new IngestClient.Clip(header, clip.payload()));

    assertThat(ack.getDuplicate()).isFalse();
    assertThat(ack.getClipId()).isEqualTo(header.getClipId());
    assertThat(ack.getDigest()).isEqualTo("sha256:" + header.getSha256());
    assertThat(ack.getObjectUri())
        .isEqualTo("s3://" + env.bucket + "/" + ClipDigests.objectKey(header.getSha256()));
    try (GetObjectResponse in =
        env.s3.getObject(
            GetObjectArgs.builder()
                .bucket(env.bucket)
                .object(ClipDigests.objectKey(header.getSha256()))
                .build())) {
      assertThat(in.readAllBytes()).isEqualTo(clip.payload());
    }
    List<Message<byte[]>> messages = env.published(1, QUIET);
    assertThat(messages).hasSize(1);
    assertThat(messages.get(0).getKey()).isEqualTo("veh-happy");
    assertThat(messages.get(0).getProperty("clipId")).isEqualTo(header.getClipId());
    ClipIngested published = IngestEnvironment.parse(messages.get(0));
    assertThat(published.getHeader()).isEqualTo(header);
    assertThat(published.getObjectUri()).isEqualTo(ack.getObjectUri());
    assertThat(env.payloads()).isEqualTo(1);
    assertThat(env.indexed()).isEqualTo(1);
    assertThat(env.server().metrics().count("accepted", Status.Code.OK)).isEqualTo(1);

    // replay of the same clip: acknowledged as a duplicate, nothing stored or published again
    UploadAck replay =
        env.client("veh-happy").upload(new IngestClient.Clip(header, clip.payload()));
    assertThat(replay.getDuplicate()).isTrue();
    assertThat(replay.getDigest()).isEqualTo(ack.getDigest());
    assertThat(env.published(1, QUIET)).hasSize(1);
    assertThat(env.payloads()).isEqualTo(1);
    assertThat(env.indexed()).isEqualTo(1);
    assertThat(env.server().metrics().count("duplicate", Status.Code.OK)).isEqualTo(1);
  }

  @Test
  @Order(2)
  void everyBadInputIsRefusedWithItsStatusAndNothingIsStoredOrPublished() throws Exception {
    long payloadsBefore = env.payloads();
    long indexedBefore = env.indexed();
    int messagesBefore = env.published(0, QUIET).size();
    String bad = "veh-bad";
    String token = DeviceToken.authorizationHeader(IngestEnvironment.token(bad));

    TestClips good = TestClips.clip(bad, 5000);
    byte[] goodHeader = RawUpload.bytes(UploadChunk.newBuilder().setHeader(good.header()).build());
    byte[] payload = good.payload();
    Map<String, Supplier<RawUpload.Outcome>> corpus = new LinkedHashMap<>();
    Map<String, Status.Code> expected = new LinkedHashMap<>();

    add(
        corpus,
        expected,
        "garbage bytes",
        Status.Code.INVALID_ARGUMENT,
        () -> RawUpload.send(env.channel(), token, List.of(new byte[] {(byte) 0xff, 0x01, 0x02})));
    add(
        corpus,
        expected,
        "truncated header message",
        Status.Code.INVALID_ARGUMENT,
        () ->
            RawUpload.send(
                env.channel(), token, List.of(Arrays.copyOf(goodHeader, goodHeader.length - 7))));
    add(
        corpus,
        expected,
        "empty stream",
        Status.Code.INVALID_ARGUMENT,
        () -> RawUpload.send(env.channel(), token, List.of()));
    add(
        corpus,
        expected,
        "payload before header",
        Status.Code.INVALID_ARGUMENT,
        () -> RawUpload.send(env.channel(), token, List.of(data(payload, 0, 100))));
    add(
        corpus,
        expected,
        "malformed clip id",
        Status.Code.INVALID_ARGUMENT,
        () -> raw(token, TestClips.clip(bad, 100).edit(h -> h.setClipId("clip-1"))));
    add(
        corpus,
        expected,
        "malformed trigger id",
        Status.Code.INVALID_ARGUMENT,
        () -> raw(token, TestClips.clip(bad, 100).edit(h -> h.setTriggerId("x"))));
    add(
        corpus,
        expected,
        "more bytes than declared",
        Status.Code.INVALID_ARGUMENT,
        () -> raw(token, TestClips.clip(bad, 100).edit(h -> h.setTotalSize(50))));
    add(
        corpus,
        expected,
        "truncated payload",
        Status.Code.DATA_LOSS,
        () -> RawUpload.send(env.channel(), token, List.of(goodHeader, data(payload, 0, 4000))));
    add(
        corpus,
        expected,
        "checksum mismatch",
        Status.Code.DATA_LOSS,
        () -> {
          byte[] flipped = payload.clone();
          flipped[1234] ^= 0x10;
          return RawUpload.send(env.channel(), token, List.of(goodHeader, data(flipped, 0, 5000)));
        });
    add(
        corpus,
        expected,
        "declared size over the limit",
        Status.Code.RESOURCE_EXHAUSTED,
        () -> raw(token, TestClips.clip(bad, LIMIT + 1)));
    add(
        corpus,
        expected,
        "streamed past the limit",
        Status.Code.RESOURCE_EXHAUSTED,
        () -> raw(token, TestClips.clip(bad, LIMIT + 4096).edit(h -> h.setTotalSize(LIMIT))));
    add(
        corpus,
        expected,
        "no token",
        Status.Code.UNAUTHENTICATED,
        () -> raw(null, TestClips.clip(bad, 100)));
    add(
        corpus,
        expected,
        "garbage token",
        Status.Code.UNAUTHENTICATED,
        () -> raw("Device v1.x.y.z", TestClips.clip(bad, 100)));
    add(
        corpus,
        expected,
        "unknown device",
        Status.Code.UNAUTHENTICATED,
        () ->
            raw(
                DeviceToken.authorizationHeader(IngestEnvironment.token("veh-ghost")),
                TestClips.clip("veh-ghost", 100)));
    add(
        corpus,
        expected,
        "revoked device",
        Status.Code.UNAUTHENTICATED,
        () ->
            raw(
                DeviceToken.authorizationHeader(IngestEnvironment.token("veh-revoked")),
                TestClips.clip("veh-revoked", 100)));
    add(
        corpus,
        expected,
        "expired token",
        Status.Code.UNAUTHENTICATED,
        () ->
            raw(
                DeviceToken.authorizationHeader(
                    DeviceToken.sign(
                        bad, Instant.now().minusSeconds(1), IngestEnvironment.keyOf(bad))),
                TestClips.clip(bad, 100)));
    add(
        corpus,
        expected,
        "token signed with another device's key",
        Status.Code.UNAUTHENTICATED,
        () ->
            raw(
                DeviceToken.authorizationHeader(
                    DeviceToken.sign(
                        bad, Instant.now().plusSeconds(60), IngestEnvironment.keyOf("veh-other"))),
                TestClips.clip(bad, 100)));
    add(
        corpus,
        expected,
        "uploading as another device",
        Status.Code.PERMISSION_DENIED,
        () -> raw(token, TestClips.clip("veh-other", 100)));

    Map<String, Status.Code> actual = new LinkedHashMap<>();
    corpus.forEach((name, upload) -> actual.put(name, upload.get().code()));
    assertThat(actual).containsExactlyEntriesOf(expected);

    assertThat(env.payloads()).isEqualTo(payloadsBefore);
    assertThat(env.indexed()).isEqualTo(indexedBefore);
    assertThat(env.published(0, QUIET)).hasSize(messagesBefore);
    assertThat(env.server().metrics().count("refused", Status.Code.UNAUTHENTICATED)).isEqualTo(6);
  }

  @Test
  @Order(3)
  void replayOfAClipIdWithOtherContentOrByAnotherDeviceIsAlreadyExists() throws Exception {
    TestClips clip = TestClips.clip("veh-other", 1000);
    env.client("veh-other").upload(new IngestClient.Clip(clip.header(), clip.payload()));
    int messages = env.published(0, QUIET).size();
    long payloads = env.payloads();

    TestClips changed = TestClips.clip("veh-other", 1000).clipId(clip.header().getClipId());
    StatusRuntimeException other =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                env.client("veh-other")
                    .upload(new IngestClient.Clip(changed.header(), changed.payload())));
    assertThat(other.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);

    TestClips stolen = TestClips.clip("veh-happy", 1000).clipId(clip.header().getClipId());
    StatusRuntimeException thief =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                env.client("veh-happy")
                    .upload(new IngestClient.Clip(stolen.header(), stolen.payload())));
    assertThat(thief.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);

    assertThat(env.published(0, QUIET)).hasSize(messages);
    assertThat(env.payloads()).isEqualTo(payloads);
  }

  @Test
  @Order(4)
  void rateLimitExcessIsResourceExhaustedWithRetryInfoAndNotStored() throws Exception {
    int messages = env.published(0, QUIET).size();
    long payloads = env.payloads();
    IngestClient client = env.client("veh-rate");
    // burst of 5, refilled at 1 clip/s: 8 uploads started together (their headers arrive within
    // far less than a second even on a loaded machine) are 5 or a few more accepted, the rest
    // refused; one after another, a slow machine could refill the bucket between them
    int uploads = 8;
    List<CompletableFuture<Status.Code>> calls = new ArrayList<>();
    List<StatusRuntimeException> refusals = new CopyOnWriteArrayList<>();
    ExecutorService devices = Executors.newFixedThreadPool(uploads);
    try {
      for (int i = 0; i < uploads; i++) {
        TestClips clip = TestClips.clip("veh-rate", 1000);
        calls.add(
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    client.upload(new IngestClient.Clip(clip.header(), clip.payload()));
                    return Status.Code.OK;
                  } catch (StatusRuntimeException e) {
                    refusals.add(e);
                    return e.getStatus().getCode();
                  }
                },
                devices));
      }
      List<Status.Code> codes = new ArrayList<>();
      for (CompletableFuture<Status.Code> call : calls) {
        codes.add(call.get(60, TimeUnit.SECONDS));
      }
      long accepted = codes.stream().filter(c -> c == Status.Code.OK).count();
      assertThat(codes).containsOnly(Status.Code.OK, Status.Code.RESOURCE_EXHAUSTED);
      assertThat(accepted).isBetween(5L, (long) uploads - 1);
      StatusRuntimeException refusal = refusals.get(0);
      assertThat(IngestClient.retryAfter(refusal))
          .hasValueSatisfying(
              d -> assertThat(d).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1)));
      assertThat(IngestClient.isRetryable(refusal)).isTrue();
      assertThat(env.payloads()).isEqualTo(payloads + accepted);
      assertThat(env.published(messages + (int) accepted, QUIET))
          .hasSize(messages + (int) accepted);
    } finally {
      devices.shutdownNow();
    }
  }

  private static void add(
      Map<String, Supplier<RawUpload.Outcome>> corpus,
      Map<String, Status.Code> expected,
      String name,
      Status.Code code,
      Supplier<RawUpload.Outcome> upload) {
    corpus.put(name, upload);
    expected.put(name, code);
  }

  private static byte[] data(byte[] payload, int from, int to) {
    return RawUpload.bytes(
        UploadChunk.newBuilder()
            .setData(com.google.protobuf.ByteString.copyFrom(payload, from, to - from))
            .build());
  }

  /** A complete upload (header, payload in 64 KiB chunks) with the given authorization. */
  private static RawUpload.Outcome raw(String authorization, TestClips clip) {
    List<byte[]> messages = new ArrayList<>();
    messages.add(RawUpload.bytes(UploadChunk.newBuilder().setHeader(clip.header()).build()));
    byte[] p = clip.payload();
    for (int i = 0; i < p.length; i += 65536) {
      messages.add(data(p, i, Math.min(p.length, i + 65536)));
    }
    return RawUpload.send(env.channel(), authorization, messages);
  }

  @Test
  @Order(5)
  void anUploadTheObjectStoreRefusesIsUnavailablePublishesNothingAndARetryStoresIt()
      throws Exception {
    try (IngestEnvironment down =
        new IngestEnvironment("ingest-s3-down", IngestConfig.defaults())) {
      String device = down.register("veh-s3-down");
      // the bucket disappears under a running replica: every PUT is refused (NoSuchBucket)
      down.s3.removeBucket(RemoveBucketArgs.builder().bucket(down.bucket).build());
      TestClips clip = TestClips.clip(device, 10_000);
      IngestClient.Clip upload = new IngestClient.Clip(clip.header(), clip.payload());

      StatusRuntimeException refused =
          catchThrowableOfType(
              StatusRuntimeException.class, () -> down.client(device).upload(upload));

      assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(refused.getStatus().getDescription()).contains("retry");
      assertThat(down.published(0, QUIET)).isEmpty();

      // the store is back: the device's retry of the same clip is stored, published, acknowledged
      down.s3.makeBucket(MakeBucketArgs.builder().bucket(down.bucket).build());
      UploadAck ack = down.client(device).upload(upload);

      assertThat(ack.getDuplicate()).isFalse();
      assertThat(down.payloads()).isEqualTo(1);
      List<Message<byte[]>> published = down.published(1, QUIET);
      assertThat(published).hasSize(1);
      assertThat(IngestEnvironment.parse(published.get(0)).getHeader().getClipId())
          .isEqualTo(clip.header().getClipId());
    }
  }
}
