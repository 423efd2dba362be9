package io.fleetloop.curator.server;

import static io.fleetloop.curator.core.TestClips.clip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fleetloop.audit.api.event.DatasetSnapshotCut;
import io.fleetloop.codec.ClipFormat;
import io.fleetloop.codec.RawFeatureCodec;
import io.fleetloop.curator.client.CuratorClient;
import io.fleetloop.curator.core.PoisonReason;
import io.fleetloop.curator.core.PoisonReport;
import io.fleetloop.curator.grpc.Snapshot;
import io.fleetloop.dataset.DatasetManifest;
import io.fleetloop.world.Conditions;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.minio.GetObjectArgs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The curator on a real Pulsar broker and a real S3 server. */
class CuratorIT {
  private static final String FOG = "datatrigger/demo/fog";
  private static final String TAKEOVERS = "datatrigger/demo/takeovers";
  private static final int RARE = Conditions.index(2, 3, 2, 1);

  @Test
  void labelsGoodClipsDeadLettersExactlyThePoisonAndCutsSnapshots() throws Exception {
    try (CuratorEnvironment env = new CuratorEnvironment("curate")) {
      CuratorServer curator = env.startReplica("curator-a");
      List<CuratorEnvironment.Sent> good = new ArrayList<>();
      Set<String> poison = new HashSet<>();
      for (int i = 0; i < 24; i++) {
        String trigger = i % 2 == 0 ? FOG : TAKEOVERS;
        int condition = i % 3 == 0 ? RARE : 0;
        CuratorEnvironment.Sent s =
            env.store(
                "dev-" + (i % 5), trigger, clip().seed(i).condition(condition).build(), i % 2 == 1);
        good.add(s);
        env.publish(s);
        if (i == 4) {
          // poison between good clips: the stream must keep flowing past them
          String unparseable = UUID.randomUUID().toString();
          env.publishRaw("dev-1", unparseable, "not a protobuf".getBytes(StandardCharsets.UTF_8));
          poison.add(unparseable);
          CuratorEnvironment.Sent missing =
              env.message(
                  UUID.randomUUID().toString(),
                  "dev-2",
                  FOG,
                  "sha256:" + "e".repeat(64),
                  "clips/sha256/ee/" + "e".repeat(64),
                  false);
          env.publish(missing);
          poison.add(missing.clipId());
        }
        if (i == 10) {
          byte[] payload = ClipFormat.write(clip().seed(999).build(), RawFeatureCodec.INSTANCE);
          CuratorEnvironment.Sent wrongDigest =
              env.storeRaw("dev-3", payload, "sha256:" + "0".repeat(64));
          env.publish(wrongDigest);
          poison.add(wrongDigest.clipId());
          byte[] garbage = "FLCP but not really a clip".getBytes(StandardCharsets.UTF_8);
          CuratorEnvironment.Sent unreadable =
              env.storeRaw("dev-4", garbage, DatasetManifest.digestOf(garbage));
          env.publish(unreadable);
          poison.add(unreadable.clipId());
        }
      }
      // the same content again under another clip id, and the same clip id again
      CuratorEnvironment.Sent first = good.get(0);
      env.publish(
          env.message(
              UUID.randomUUID().toString(),
              first.deviceId(),
              FOG,
              first.digest(),
              first.message().getObjectUri().substring(("s3://" + env.clipBucket + "/").length()),
              false));
      env.publish(first);

      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(() -> assertThat(curator.index().size()).isEqualTo(good.size()));
      assertThat(env.deadLetters(poison.size(), Duration.ofMillis(1500)))
          .containsExactlyInAnyOrderElementsOf(poison);
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(curator.poisonReports()).hasSize(poison.size()));
      assertThat(curator.poisonReports())
          .extracting(PoisonReport::reason)
          .containsExactlyInAnyOrder(
              PoisonReason.UNPARSEABLE,
              PoisonReason.MISSING_OBJECT,
              PoisonReason.DIGEST_MISMATCH,
              PoisonReason.UNREADABLE_PAYLOAD);
      assertThat(curator.poisonReports()).allSatisfy(r -> assertThat(r.attempts()).isEqualTo(3));
      assertThat(curator.metrics().labeled()).isEqualTo(good.size());
      assertThat(curator.index().byClipId(good.get(1).clipId()).orElseThrow().label())
          .isEqualTo(DatasetManifest.Clip.TAKEOVER);
      assertThat(curator.index().byClipId(good.get(0).clipId()).orElseThrow().label())
          .isEqualTo(DatasetManifest.Clip.TRIGGER);

      try (CuratorClient client =
          CuratorClient.connect("127.0.0.1:" + curator.port(), Duration.ofSeconds(30))) {
        assertThat(client.pendingSamples(List.of()).getClips()).isEqualTo(24);
        assertThat(client.pendingSamples(List.of(FOG)).getPerTriggerMap())
            .containsExactly(Map.entry(FOG, 12L));

        assertThatThrownBy(() -> client.cutSnapshot(List.of(FOG), "trainingrun/demo/g1", 13, "k0"))
            .isInstanceOfSatisfying(
                StatusRuntimeException.class,
                e -> {
                  assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                  assertThat(e.getStatus().getDescription())
                      .startsWith("empty dataset: 12 labeled clips");
                });

        Snapshot snap = client.cutSnapshot(List.of(FOG), "trainingrun/demo/g1", 10, "g1");
        assertThat(snap.getClips()).isEqualTo(12);
        assertThat(snap.getParent()).isEmpty();
        assertThat(snap.getFrames()).isEqualTo(12 * 10);
        DatasetManifest manifest = readManifest(env, snap);
        assertThat(manifest.clips())
            .extracting(DatasetManifest.Clip::clipId)
            .containsExactlyInAnyOrderElementsOf(
                good.stream()
                    .filter(s -> s.message().getHeader().getTriggerId().equals(FOG))
                    .map(CuratorEnvironment.Sent::clipId)
                    .toList());
        assertThat(manifest.clips())
            .filteredOn(c -> c.condition() == RARE)
            .allSatisfy(c -> assertThat(c.weight()).isGreaterThan(1.0));
        assertThat(snap.getPerConditionMap()).containsEntry(Conditions.label(RARE), 4L);

        assertThat(client.cutSnapshot(List.of(FOG), "trainingrun/demo/g1", 10, "g1"))
            .isEqualTo(snap);
        assertThat(client.getSnapshot(snap.getId())).contains(snap);
        assertThat(client.getSnapshot("sha256:" + "f".repeat(64))).isEmpty();
        assertThat(client.pendingSamples(List.of(FOG)).getClips()).isZero();
        assertThatThrownBy(() -> client.cutSnapshot(List.of(FOG), "trainingrun/demo/g2", 0, "g2"))
            .hasMessageContaining("empty dataset: no labeled clips for triggers [" + FOG + "]");

        List<DatasetSnapshotCut> cuts =
            env.audit.events().stream()
                .filter(DatasetSnapshotCut.class::isInstance)
                .map(DatasetSnapshotCut.class::cast)
                .toList();
        assertThat(cuts).hasSize(1);
        assertThat(cuts.get(0).manifestDigest()).isEqualTo(snap.getId());
        assertThat(cuts.get(0).datasetId()).isEqualTo("dataset/" + snap.getId());
        assertThat(cuts.get(0).clipIds()).hasSize(12);
        assertThat(cuts.get(0).triggerClips()).containsExactly(Map.entry(FOG, 12L));

        // the next generation: new clips arrive, the next snapshot extends the first
        List<String> later = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          CuratorEnvironment.Sent s = env.store("dev-9", FOG, clip().seed(500 + i).build(), false);
          env.publish(s);
          later.add(s.clipId());
        }
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () -> assertThat(client.pendingSamples(List.of(FOG)).getClips()).isEqualTo(3));
        Snapshot next = client.cutSnapshot(List.of(FOG), "trainingrun/demo/g2", 1, "g2");
        assertThat(next.getParent()).isEqualTo(snap.getId());
        assertThat(next.getClips()).isEqualTo(15);
        assertThat(readManifest(env, next).clips())
            .extracting(DatasetManifest.Clip::clipId)
            .containsAll(later)
            .containsAll(manifest.clips().stream().map(DatasetManifest.Clip::clipId).toList());
      }
    }
  }

  @Test
  void aKilledCuratorLosesNothingAndLabelsNothingTwice() throws Exception {
    try (CuratorEnvironment env = new CuratorEnvironment("restart")) {
      List<CuratorEnvironment.Sent> sent = new ArrayList<>();
      for (int i = 0; i < 150; i++) {
        sent.add(env.store("dev-" + (i % 10), FOG, clip().seed(i).build(), false));
      }
      CuratorServer first = env.startReplica("curator-a");
      for (int i = 0; i < 150; i++) {
        env.publish(sent.get(i));
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> first.metrics().labeled() >= 20);
      first.kill();
      long labeledByFirst = first.metrics().labeled();

      CuratorServer second = env.startReplica("curator-b");
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(() -> assertThat(second.index().size()).isEqualTo(150));

      Map<String, Integer> records = env.storedLabelRecords();
      assertThat(records).hasSize(150);
      assertThat(records.values()).allSatisfy(n -> assertThat(n).isEqualTo(1));
      assertThat(records.keySet())
          .containsExactlyInAnyOrderElementsOf(
              sent.stream().map(CuratorEnvironment.Sent::clipId).toList());
      assertThat(labeledByFirst + second.metrics().labeled()).isEqualTo(150);
      assertThat(second.index().duplicateRecords()).isZero();
      assertThat(second.poisonReports()).isEmpty();
    }
  }

  @Test
  void twoReplicasShareTheStreamByDevice() throws Exception {
    try (CuratorEnvironment env = new CuratorEnvironment("shared")) {
      CuratorServer a = env.startReplica("curator-a");
      CuratorServer b = env.startReplica("curator-b");
      List<CuratorEnvironment.Sent> sent = new ArrayList<>();
      for (int i = 0; i < 160; i++) {
        CuratorEnvironment.Sent s =
            env.store("dev-" + (i % 16), FOG, clip().seed(i).build(), false);
        sent.add(s);
        env.publish(s);
      }
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> assertThat(a.metrics().labeled() + b.metrics().labeled()).isEqualTo(160));
      assertThat(a.metrics().labeled()).isPositive();
      assertThat(b.metrics().labeled()).isPositive();
      Map<String, Integer> records = env.storedLabelRecords();
      assertThat(records).hasSize(160);
      assertThat(records.values()).allSatisfy(n -> assertThat(n).isEqualTo(1));
      // Key_Shared: every device's clips were labeled by one replica
      Set<String> devicesOfA = new HashSet<>();
      Set<String> devicesOfB = new HashSet<>();
      for (var key : env.store.list(io.fleetloop.curator.store.CurationStore.LABELS_PREFIX)) {
        var batch = env.store.readLabelBatch(key);
        (key.contains("curator-a") ? devicesOfA : devicesOfB)
            .addAll(batch.stream().map(c -> c.deviceId()).toList());
      }
      assertThat(devicesOfA).doesNotContainAnyElementsOf(devicesOfB);
      // either replica answers for both: cut on b sees what a labeled
      try (CuratorClient client =
          CuratorClient.connect("127.0.0.1:" + b.port(), Duration.ofSeconds(30))) {
        assertThat(client.cutSnapshot(List.of(), "trainingrun/demo/all", 160, "all").getClips())
            .isEqualTo(160);
      }
    }
  }

  private static DatasetManifest readManifest(CuratorEnvironment env, Snapshot snap)
      throws Exception {
    String prefix = "s3://" + env.bucket + "/";
    assertThat(snap.getManifestUri()).isEqualTo(prefix + DatasetManifest.objectKey(snap.getId()));
    byte[] bytes;
    try (var in =
        env.s3.getObject(
            GetObjectArgs.builder()
                .bucket(env.bucket)
                .object(snap.getManifestUri().substring(prefix.length()))
                .build())) {
      bytes = in.readAllBytes();
    }
    assertThat(DatasetManifest.digestOf(bytes)).isEqualTo(snap.getId());
    assertThat(Arrays.equals(bytes, DatasetManifest.fromJson(bytes).toJson())).isTrue();
    return DatasetManifest.read(bytes, snap.getId());
  }
}
