package io.fleetloop.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.codec.ClipFormat;
import io.fleetloop.codec.ClipFrames;
import io.fleetloop.codec.RawFeatureCodec;
import io.fleetloop.dataset.DatasetManifest;
import io.fleetloop.local.ComponentKind;
import io.fleetloop.local.LocalStack;
import io.fleetloop.local.S3Component;
import io.fleetloop.world.PolicyModel;
import io.fleetloop.world.model.ModelArtifact;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The trainer entrypoint against the local stack's real S3 server: clip payloads and a manifest
 * written as ingest and the curator would, then FP32 and Chip phases in-process and once as a child
 * JVM; a tampered manifest and a missing clip fail with exit 1 and a clear message.
 */
class TrainerMainIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static S3Component s3;
  private static ObjectStore store;
  private static String bucket;
  private static DatasetManifest manifest;
  private static List<ClipFrames> clips;

  @BeforeAll
  static void dataset() throws Exception {
    s3 = LocalStack.shared(ComponentKind.S3).s3();
    MinioClient client = s3.newClient();
    bucket = "trainer-" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
    client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
    store = new ObjectStore(client);
    clips = TestData.clips(TestData.demonstrations(8, 100, 300, 5), 60, 40); // 2,400 frames
    manifest = writeManifest(clips, null);
  }

  /** Writes the clips' payloads and a manifest listing them (or {@code only} of them). */
  private static DatasetManifest writeManifest(List<ClipFrames> frames, String missingClip) {
    List<DatasetManifest.Clip> entries = new ArrayList<>();
    Map<String, Long> perCondition = new TreeMap<>();
    for (int c = 0; c < frames.size(); c++) {
      byte[] payload = ClipFormat.write(frames.get(c), RawFeatureCodec.INSTANCE);
      String digest = DatasetManifest.digestOf(payload);
      String hex = digest.substring("sha256:".length());
      String key = "clips/sha256/" + hex.substring(0, 2) + "/" + hex;
      String clipId = String.format(Locale.ROOT, "clip-%03d", c);
      if (!clipId.equals(missingClip)) {
        store.put(new S3Uri(bucket, key), payload, "application/octet-stream");
      } else {
        key = "clips/sha256/00/" + "0".repeat(64); // never written
        digest = "sha256:" + "0".repeat(64);
      }
      entries.add(
          new DatasetManifest.Clip(
              clipId,
              digest,
              "s3://" + bucket + "/" + key,
              "device-" + (c % 7),
              "fog-construction",
              frames.get(c).condition(),
              DatasetManifest.Clip.TAKEOVER,
              frames.get(c).frames(),
              RawFeatureCodec.VERSION,
              c % 3 == 0 ? 2.0 : 1.0));
      perCondition.merge(Integer.toString(frames.get(c).condition()), 1L, Long::sum);
    }
    DatasetManifest m =
        new DatasetManifest(
            DatasetManifest.SCHEMA,
            "2026-11-21T10:00:00Z",
            null,
            List.of("fog-construction"),
            entries,
            perCondition);
    store.put(new S3Uri(bucket, DatasetManifest.objectKey(m.id())), m.toJson(), "application/json");
    return m;
  }

  private static Map<String, String> env() {
    return Map.of(
        "FLEETLOOP_S3_ENDPOINT", s3.endpoint(),
        "FLEETLOOP_S3_ACCESS_KEY", s3.accessKey(),
        "FLEETLOOP_S3_SECRET_KEY", s3.secretKey());
  }

  private static String manifestUri(DatasetManifest m) {
    return "s3://" + bucket + "/" + DatasetManifest.objectKey(m.id());
  }

  private record Run(int status, String out, String err) {}

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        TrainerMain.run(
            args,
            env(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static String[] phase(
      String name, String precision, DatasetManifest m, String output, String... extra) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "--phase",
                name,
                "--precision",
                precision,
                "--epochs",
                "2",
                "--dataset",
                manifestUri(m),
                "--dataset-id",
                m.id(),
                "--output",
                output,
                "--seed",
                "3"));
    a.addAll(List.of(extra));
    return a.toArray(new String[0]);
  }

  @Test
  void fp32ThenChipPhaseWriteVerifiableArtifactsAndMetrics() throws Exception {
    String prefix = "s3://" + bucket + "/runs/r1";
    Run fp32 = run(phase("gpu", "FP32", manifest, prefix + "/gpu"));
    assertThat(fp32.status()).as(fp32.err()).isZero();
    assertThat(fp32.out().lines().toList())
        .hasSize(2)
        .allMatch(l -> l.matches("epoch [12]/2 loss=\\d+\\.\\d+ accuracy=\\d\\.\\d+"));

    Run chip =
        run(
            phase(
                "edge",
                "Chip",
                manifest,
                prefix + "/edge",
                "--base",
                prefix + "/gpu/model.flm",
                "--rounding",
                "TowardZero"));
    assertThat(chip.status()).as(chip.err()).isZero();

    for (String p : List.of("gpu", "edge")) {
      byte[] model = store.get(S3Uri.parse(prefix + "/" + p + "/model.flm"));
      JsonNode metrics = JSON.readTree(store.get(S3Uri.parse(prefix + "/" + p + "/metrics.json")));
      // the artifact's bytes match the digest in the metrics, and the artifact verifies itself
      assertThat(metrics.get("modelDigest").asText()).isEqualTo(DatasetManifest.digestOf(model));
      ModelArtifact artifact = ModelArtifact.fromBytes(model);
      assertThat(metrics.get("artifact").asText()).isEqualTo(prefix + "/" + p + "/model.flm");
      assertThat(metrics.get("samples").asInt()).isEqualTo(2_400);
      assertThat(metrics.get("epochs").asInt()).isEqualTo(2);
      assertThat(metrics.get("accuracy").asDouble()).isBetween(0.5, 1.0);
      assertThat(metrics.get("rareAccuracy").isNumber()).isTrue();
      assertThat(artifact.metadata()).containsEntry("datasetId", manifest.id());
      PolicyModel.fromArtifact(artifact); // a policy, refusing nothing
    }
    JsonNode edge = JSON.readTree(store.get(S3Uri.parse(prefix + "/edge/metrics.json")));
    assertThat(edge.get("precision").asText()).isEqualTo("Chip");
    assertThat(edge.get("chipDisagreement").asDouble()).isBetween(0.0, 0.2);
    // the container anchors the FP32 forward by default (decision 0012) and reports its drift
    assertThat(edge.get("fp32Anchor").asDouble()).isEqualTo(PhaseOptions.DEFAULT_FP32_ANCHOR);
    assertThat(edge.get("fp32Drift").asDouble()).isBetween(0.0, 0.2);
    ModelArtifact edgeModel =
        ModelArtifact.fromBytes(store.get(S3Uri.parse(prefix + "/edge/model.flm")));
    ModelArtifact gpuModel =
        ModelArtifact.fromBytes(store.get(S3Uri.parse(prefix + "/gpu/model.flm")));
    assertThat(edgeModel.metadata()).containsEntry("base", gpuModel.sha256());
    ChipDeployment d = ChipDeployment.fromMetadata(edgeModel.metadata());
    assertThat(d.arithmetic().rounding().specName()).isEqualTo("TowardZero");
  }

  @Test
  void aTamperedManifestIsRefusedWithExit1() {
    // the manifest's bytes are intact but the id names another snapshot
    String otherId = "sha256:" + "1".repeat(64);
    Run r =
        run(
            "--phase",
            "gpu",
            "--precision",
            "FP32",
            "--epochs",
            "1",
            "--dataset",
            manifestUri(manifest),
            "--dataset-id",
            otherId,
            "--output",
            "s3://" + bucket + "/runs/bad");
    assertThat(r.status()).isEqualTo(TrainerMain.FAILED);
    assertThat(r.err()).contains("dataset manifest digest mismatch");
  }

  @Test
  void aMissingClipIsRefusedWithExit1() {
    DatasetManifest broken = writeManifest(clips.subList(0, 5), "clip-002");
    Run r = run(phase("gpu", "FP32", broken, "s3://" + bucket + "/runs/missing"));
    assertThat(r.status()).isEqualTo(TrainerMain.FAILED);
    assertThat(r.err()).contains("clip clip-002").contains("payload missing");
  }

  @Test
  void badArgumentsExitWith2() {
    Run r = run("--phase", "gpu", "--precision", "FP16");
    assertThat(r.status()).isEqualTo(TrainerMain.BAD_ARGUMENTS);
    assertThat(r.err()).contains("usage: trainer");
  }

  @Test
  void runsAsAChildProcess() throws Exception {
    String java =
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    List<String> cmd =
        new ArrayList<>(
            List.of(
                java, "-cp", System.getProperty("java.class.path"), TrainerMain.class.getName()));
    cmd.addAll(List.of(phase("child", "QAT", manifest, "s3://" + bucket + "/runs/child")));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(env());
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output).contains("epoch 2/2 loss=");
    JsonNode metrics =
        JSON.readTree(store.get(S3Uri.parse("s3://" + bucket + "/runs/child/metrics.json")));
    assertThat(metrics.get("precision").asText()).isEqualTo("QAT");
  }
}
