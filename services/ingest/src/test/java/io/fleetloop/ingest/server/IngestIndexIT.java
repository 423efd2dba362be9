package io.fleetloop.ingest.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fleetloop.ingest.api.ClipDigests;
import io.fleetloop.ingest.client.IngestClient;
import io.fleetloop.ingest.core.TestClips;
import io.fleetloop.ingest.grpc.UploadAck;
import io.fleetloop.ingest.index.DurableClipIndex;
import io.fleetloop.ingest.index.IndexSegments;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.apache.pulsar.client.api.Message;
import org.junit.jupiter.api.Test;

/**
 * The durable clip index against the real S3 server and Pulsar broker: replays are acknowledged as
 * duplicates across a clean restart and across a crash that left clips published but not
 * checkpointed (recovered from ingest's subscription backlog), a crash between the payload put and
 * the publish is recovered without a duplicate message, and many segments are compacted at start.
 */
class IngestIndexIT {

  private static final Duration QUIET = Duration.ofMillis(1000);

  /** Checkpoints never happen on their own: only at start, stop or when a test asks. */
  private static IngestConfig noAutomaticCheckpoints(int compactAbove) {
    return IngestConfig.defaults()
        .withIndex(new DurableClipIndex.Settings(1_000_000, Duration.ofHours(1), compactAbove));
  }

  private static List<TestClips> uploadAll(IngestEnvironment env, String device, int n) {
    IngestClient client = env.client(device);
    List<TestClips> clips = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      TestClips clip = TestClips.clip(device, 2000 + i);
      UploadAck ack = client.upload(new IngestClient.Clip(clip.header(), clip.payload()));
      assertThat(ack.getDuplicate()).isFalse();
      clips.add(clip);
    }
    return clips;
  }

  private static void assertReplaysAreDuplicates(
      IngestEnvironment env, String device, List<TestClips> clips) {
    IngestClient client = env.client(device);
    for (TestClips clip : clips) {
      UploadAck ack = client.upload(new IngestClient.Clip(clip.header(), clip.payload()));
      assertThat(ack.getDuplicate()).as("replay of %s", clip.header().getClipId()).isTrue();
      assertThat(ack.getDigest()).isEqualTo("sha256:" + clip.header().getSha256());
    }
  }

  private static long publishedClipIds(List<Message<byte[]>> messages) throws Exception {
    HashSet<String> ids = new HashSet<>();
    for (Message<byte[]> m : messages) {
      ids.add(IngestEnvironment.parse(m).getHeader().getClipId());
    }
    return ids.size();
  }

  @Test
  void replaysAfterACleanRestartAreDuplicatesAndNothingIsPublishedTwice() throws Exception {
    try (IngestEnvironment env =
        new IngestEnvironment("index-restart", noAutomaticCheckpoints(64))) {
      String device = env.register("veh-idx-restart");
      List<TestClips> clips = uploadAll(env, device, 6);
      assertThat(env.indexedDurably()).as("nothing checkpointed while serving").isZero();

      env.restart(Duration.ofSeconds(1));
      assertThat(env.indexedDurably()).as("checkpointed by the stop").isEqualTo(6);
      assertThat(env.server().index().index().size()).isEqualTo(6);
      assertReplaysAreDuplicates(env, device, clips);

      List<Message<byte[]>> published = env.published(6, QUIET);
      assertThat(published).hasSize(6);
      assertThat(publishedClipIds(published)).isEqualTo(6);
      assertThat(env.payloads()).isEqualTo(6);
      assertThat(env.server().metrics().count("duplicate", Status.Code.OK)).isEqualTo(6);
    }
  }

  @Test
  void aCrashAfterPublishBeforeTheCheckpointIsRecoveredFromTheSubscriptionBacklog()
      throws Exception {
    try (IngestEnvironment env = new IngestEnvironment("index-crash", noAutomaticCheckpoints(64))) {
      String device = env.register("veh-idx-crash");
      String other = env.register("veh-idx-other");
      List<TestClips> clips = uploadAll(env, device, 8);
      assertThat(env.published(8, QUIET)).hasSize(8);

      // killed: acknowledged and published, but in no index segment
      env.crashAndRestart();
      assertThat(env.server().index().index().size())
          .as("the new replica rebuilt the index from the backlog")
          .isEqualTo(8);
      assertThat(env.indexedDurably()).as("and checkpointed it at start").isEqualTo(8);

      // a device whose ack was lost retries: duplicate, nothing stored or published again
      assertReplaysAreDuplicates(env, device, clips);
      TestClips first = clips.get(0);
      TestClips changed = TestClips.clip(device, 3000).clipId(first.header().getClipId());
      StatusRuntimeException conflict =
          catchThrowableOfType(
              StatusRuntimeException.class,
              () ->
                  env.client(device)
                      .upload(new IngestClient.Clip(changed.header(), changed.payload())));
      assertThat(conflict.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
      TestClips stolen = TestClips.clip(other, 3000).clipId(first.header().getClipId());
      StatusRuntimeException thief =
          catchThrowableOfType(
              StatusRuntimeException.class,
              () ->
                  env.client(other)
                      .upload(new IngestClient.Clip(stolen.header(), stolen.payload())));
      assertThat(thief.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);

      // a second crash right away: the backlog left after the start checkpoint is replayed again,
      // which only re-adds clips already known
      env.crashAndRestart();
      assertThat(env.server().index().index().size()).isEqualTo(8);
      assertReplaysAreDuplicates(env, device, clips);

      List<Message<byte[]>> published = env.published(8, QUIET);
      assertThat(published).as("no duplicate publish").hasSize(8);
      assertThat(publishedClipIds(published)).isEqualTo(8);
      assertThat(env.payloads()).isEqualTo(8);
    }
  }

  @Test
  void aCrashBetweenThePayloadPutAndThePublishIsRecoveredWithOneMessage() throws Exception {
    try (IngestEnvironment env = new IngestEnvironment("index-put", noAutomaticCheckpoints(64))) {
      String device = env.register("veh-idx-put");
      TestClips clip = TestClips.clip(device, 4096);
      // what a replica killed right after the payload PUT leaves: the object, no message, no
      // index entry, no ack
      byte[] payload = clip.payload();
      env.s3.putObject(
          PutObjectArgs.builder()
              .bucket(env.bucket)
              .object(ClipDigests.objectKey(clip.header().getSha256()))
              .stream(new ByteArrayInputStream(payload), payload.length, -1)
              .build());
      env.crashAndRestart();

      // the device never got an ack and retries
      UploadAck ack = env.client(device).upload(new IngestClient.Clip(clip.header(), payload));
      assertThat(ack.getDuplicate()).isFalse();
      assertThat(env.payloads()).as("the same content-addressed object").isEqualTo(1);
      List<Message<byte[]>> published = env.published(1, QUIET);
      assertThat(published).hasSize(1);
      assertThat(published.get(0).getProperty("clipId")).isEqualTo(clip.header().getClipId());
      assertReplaysAreDuplicates(env, device, List.of(clip));
      assertThat(env.published(1, QUIET)).hasSize(1);
    }
  }

  @Test
  void manySegmentsAreCompactedIntoOneSnapshotAtStart() throws Exception {
    try (IngestEnvironment env =
        new IngestEnvironment("index-compact", noAutomaticCheckpoints(3))) {
      String device = env.register("veh-idx-compact");
      List<TestClips> clips = new ArrayList<>();
      for (int round = 0; round < 4; round++) {
        clips.addAll(uploadAll(env, device, 2));
        env.server().index().checkpoint();
      }
      IndexSegments segments = new IndexSegments(env.s3, env.bucket);
      assertThat(segments.list()).hasSize(4);

      env.restart(Duration.ofSeconds(1));
      List<String> keys = segments.list();
      assertThat(keys).hasSize(1);
      assertThat(keys.get(0)).startsWith(IndexSegments.PREFIX + "snap-");
      assertThat(segments.read(keys.get(0))).hasSize(8);
      assertReplaysAreDuplicates(env, device, clips);
      assertThat(env.published(8, QUIET)).hasSize(8);
    }
  }
}
