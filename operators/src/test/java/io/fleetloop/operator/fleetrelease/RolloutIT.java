package io.fleetloop.operator.fleetrelease;

import static io.fleetloop.operator.testing.OperatorEnvironment.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fleetloop.api.common.Condition;
import io.fleetloop.api.common.ConditionTypes;
import io.fleetloop.api.common.Reasons;
import io.fleetloop.api.v1alpha1.AnalysisSpec;
import io.fleetloop.api.v1alpha1.FleetRelease;
import io.fleetloop.api.v1alpha1.FleetReleaseRollout;
import io.fleetloop.api.v1alpha1.FleetReleaseSpec;
import io.fleetloop.api.v1alpha1.FleetReleaseStatus;
import io.fleetloop.api.v1alpha1.FleetloopApi;
import io.fleetloop.api.v1alpha1.GenerationRecord;
import io.fleetloop.api.v1alpha1.ReleaseModel;
import io.fleetloop.api.v1alpha1.RolloutStage;
import io.fleetloop.api.v1alpha1.StageAnalysis;
import io.fleetloop.audit.api.event.AuditEvent;
import io.fleetloop.audit.api.event.ConditionChanged;
import io.fleetloop.audit.api.event.ReleaseEvent;
import io.fleetloop.audit.api.event.ReleasePaused;
import io.fleetloop.audit.api.event.ReleasePromoted;
import io.fleetloop.audit.api.event.ReleaseRolledBack;
import io.fleetloop.audit.api.event.StageAdvanced;
import io.fleetloop.audit.client.AuditRecorder;
import io.fleetloop.audit.client.ConditionTransition;
import io.fleetloop.audit.client.InMemoryAuditRecorder;
import io.fleetloop.audit.client.Outcome;
import io.fleetloop.audit.client.Recorded;
import io.fleetloop.ingest.api.DeviceRegistry;
import io.fleetloop.ingest.api.DeviceToken;
import io.fleetloop.local.ComponentKind;
import io.fleetloop.local.LocalStack;
import io.fleetloop.local.S3Component;
import io.fleetloop.operator.FleetloopOperator;
import io.fleetloop.operator.common.ReleaseChannelConnection;
import io.fleetloop.operator.datatrigger.ReleaseChannelLink;
import io.fleetloop.operator.testing.OperatorEnvironment;
import io.fleetloop.operator.trainingrun.TrainingSettings;
import io.fleetloop.release.api.Cohorts;
import io.fleetloop.release.client.ReleaseChannelClient;
import io.fleetloop.release.grpc.Assignment;
import io.fleetloop.release.grpc.DeviceHello;
import io.fleetloop.release.grpc.DeviceReport;
import io.fleetloop.release.grpc.Exposure;
import io.fleetloop.release.grpc.ExposureRole;
import io.fleetloop.release.server.ReleaseConfig;
import io.fleetloop.release.server.ReleaseServer;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The FleetRelease rollout end to end on the local stack: the operator (configured as in
 * production, by {@code FLEETLOOP_RELEASE_*} and {@code FLEETLOOP_ROLLOUT_REFRESH}), the real
 * release channel on the same in-memory API server, model artifacts in the real S3 server, and 300
 * simulated devices per fleet that pull their assignment over gRPC and report cumulative DRIVING
 * exposure for the model they were given.
 *
 * <p>Interventions are drawn deterministically (systematic sampling: a device reports {@code
 * floor(km × rate + u)} with its own fixed offset {@code u} in [0, 1)), so two models with the same
 * rate produce the same rate on both arms up to rounding and the good candidate is never rolled
 * back by chance; the false-rollback rate of the test itself is measured by the simulation in
 * libs/stats (docs/release-statistics.md), not here.
 */
class RolloutIT {

  private static final String TOKEN = "operator-token";
  private static final String BUCKET = "fleetloop-rollout-it";
  private static final int DEVICES = 300;
  private static final double KM_PER_TICK = 100;

  /** Share of each device's kilometres per driving condition, and the stable rate there. */
  private static final Map<String, Double> CONDITION_SHARE = Map.of("clear", 0.7, "rain", 0.3);

  private static final Map<String, Double> STABLE_RATE_PER_KM =
      Map.of("clear", 0.003, "rain", 0.006);

  private static final String V1 = "policy-v1";
  private static final String GOOD = "policy-v2";
  private static final String POISONED = "policy-v3-poisoned";

  /** How much more often each version needs a human than the stable policy. */
  private static final Map<String, Double> RATE_FACTOR = Map.of(V1, 1.0, GOOD, 1.0, POISONED, 10.0);

  private static final InMemoryAuditRecorder facts = new InMemoryAuditRecorder();
  private static final List<Outcome> releaseFactOutcomes = new CopyOnWriteArrayList<>();
  private static final DeviceRegistry keys = new DeviceRegistry();
  private static final Map<String, String> digests = new LinkedHashMap<>();
  private static ReleaseServer channel;
  private static ManagedChannel grpc;

  @RegisterExtension
  static final OperatorEnvironment env =
      new OperatorEnvironment(
          (client, settings) -> {
            configureTheChannel();
            try {
              return FleetloopOperator.start(
                  client,
                  settings.withAuditRecorder(new CountingRecorder()),
                  TrainingSettings.defaults()
                      .withS3(
                          new TrainingSettings.S3(
                              s3().endpoint(), s3().accessKey(), s3().secretKey()))
                      .withBucket(BUCKET));
            } finally {
              clearSettings();
            }
          });

  /**
   * Runs before every operator start (the first and the restart): starts the channel once and names
   * it, with a fast look interval, in the settings the operator reads.
   */
  private static synchronized void configureTheChannel() {
    if (channel == null) {
      channel =
          ReleaseServer.start(
              ReleaseConfig.local(TOKEN).withActiveWindow(Duration.ofMinutes(5)),
              LocalStack.shared(ComponentKind.KUBE_API).kubeApi().client(),
              keys,
              Clock.systemUTC());
      grpc = ManagedChannelBuilder.forTarget(channel.target()).usePlaintext().build();
      uploadModels();
    }
    System.setProperty(ReleaseChannelLink.Env.RELEASE_ENDPOINT, channel.target());
    System.setProperty(ReleaseChannelLink.Env.RELEASE_SERVICE_TOKEN, TOKEN);
    System.setProperty(RolloutLink.Env.ROLLOUT_REFRESH, "300ms");
  }

  private static void clearSettings() {
    System.clearProperty(ReleaseChannelLink.Env.RELEASE_ENDPOINT);
    System.clearProperty(ReleaseChannelLink.Env.RELEASE_SERVICE_TOKEN);
    System.clearProperty(RolloutLink.Env.ROLLOUT_REFRESH);
  }

  @BeforeAll
  static void noSettingsLeakToOtherClasses() {
    clearSettings();
  }

  @AfterAll
  static void stopTheChannel() {
    if (grpc != null) {
      grpc.shutdownNow();
    }
    if (channel != null) {
      channel.close();
    }
  }

  @Test
  void aGoodCandidateAdvancesThroughEveryStageAcrossAnOperatorRestartAndIsPromoted()
      throws Exception {
    Fleet fleet = new Fleet("rollout-good", 1);
    env.create(release("good", "rollout-good", V1));
    awaitStable("good", V1);
    fleet.tick();
    fleet.tick();

    env.edit(FleetRelease.class, "good", r -> r.getSpec().setModel(model(GOOD)));
    eventually()
        .untilAsserted(
            () -> {
              FleetReleaseStatus s = status("good");
              assertThat(s.getCandidateVersion()).isEqualTo(GOOD);
              assertThat(s.getCurrentStage()).isZero();
            });

    // stage 0 (10%, minKm 3,000) passes after a tick or two; stop driving once stage 1 starts
    fleet.driveUntil(() -> Integer.valueOf(1).equals(status("good").getCurrentStage()));
    FleetReleaseStatus atStage1 = status("good");
    String stage1Started = atStage1.getRollout().getStageStartedAt();
    assertThat(atStage1.getAnalysis())
        .anySatisfy(
            a -> {
              assertThat(a.getStage()).isZero();
              assertThat(a.getVerdict()).isEqualTo(StageAnalysis.VERDICT_PASS);
              assertThat(a.getKm()).isGreaterThanOrEqualTo(3000.0);
            });
    List<AuditEvent> before = releaseEvents("good");

    // a crash and a new pod: the new operator reads the stage, its window and its test state
    FleetloopOperator stopped = env.operator();
    assertThat(stopped.releaseChannel()).get().returns(false, ReleaseChannelConnection::isClosed);
    env.restartOperator();
    // the stopped operator let go of its release channel connection
    assertThat(stopped.releaseChannel()).get().returns(true, ReleaseChannelConnection::isClosed);
    assertThat(env.operator().releaseChannel()).get().isNotSameAs(stopped.releaseChannel().get());
    fleet.tick(); // ~15,000 candidate km: half of stage 1's minKm
    eventually()
        .untilAsserted(
            () -> {
              FleetReleaseStatus s = status("good");
              assertThat(s.getCurrentStage()).isEqualTo(1);
              assertThat(s.getRollout().getStageStartedAt()).isEqualTo(stage1Started);
              assertThat(s.getAnalysis())
                  .anySatisfy(
                      a -> {
                        assertThat(a.getStage()).isEqualTo(1);
                        assertThat(a.getVerdict()).isEqualTo(StageAnalysis.VERDICT_INCONCLUSIVE);
                        assertThat(a.getKm()).isBetween(5_000.0, 29_999.0);
                      });
            });
    assertThat(releaseEvents("good")).isEqualTo(before);

    fleet.driveUntil(() -> GOOD.equals(status("good").getStableVersion()));
    FleetReleaseStatus promoted = status("good");
    assertThat(promoted.getCandidateVersion()).isNull();
    assertThat(promoted.getCurrentStage()).isNull();
    assertThat(promoted.getRollout().getPhase()).isEqualTo(FleetReleaseRollout.STABLE);
    assertThat(promoted.getHistory())
        .extracting(GenerationRecord::getVersion, GenerationRecord::getOutcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(GOOD, GenerationRecord.OUTCOME_PROMOTED));
    assertThat(promoted.condition(FleetReleaseStatus.PROGRESSING))
        .get()
        .returns(ConditionTypes.FALSE, Condition::getStatus)
        .returns(RolloutMachine.REASON_STABLE, Condition::getReason);

    // each stage entered once (audit numbering: spec.stages[i] is stage i + 1), promoted once
    List<AuditEvent> recorded = releaseEvents("good");
    assertThat(recorded)
        .filteredOn(StageAdvanced.class::isInstance)
        .map(e -> ((StageAdvanced) e).fromStage() + "->" + ((StageAdvanced) e).toStage())
        .containsExactly("0->1", "1->2", "2->3");
    assertThat(recorded)
        .filteredOn(ReleasePromoted.class::isInstance)
        .singleElement()
        .satisfies(e -> assertThat(((ReleasePromoted) e).version()).isEqualTo(GOOD));
    assertThat(recorded).noneMatch(ReleaseRolledBack.class::isInstance);
    // nothing was decided twice: no append of a release fact was a duplicate, across the restart
    assertThat(releaseFactOutcomes).doesNotContain(Outcome.DUPLICATE, Outcome.REJECTED);

    // every device of the fleet now drives the promoted model
    assertThat(fleet.assignedVersions()).containsOnly(GOOD);
  }

  @Test
  void aPoisonedCandidateIsRolledBackInTheFirstStageWithWhatWasMeasured() throws Exception {
    Fleet fleet = new Fleet("rollout-poison", 2);
    env.create(release("poison", "rollout-poison", V1));
    awaitStable("poison", V1);
    fleet.tick();
    fleet.tick();

    env.edit(FleetRelease.class, "poison", r -> r.getSpec().setModel(model(POISONED)));
    eventually().until(() -> Integer.valueOf(0).equals(status("poison").getCurrentStage()));
    fleet.driveUntil(
        () -> FleetReleaseRollout.ROLLED_BACK.equals(status("poison").getRollout().getPhase()));

    FleetReleaseStatus s = status("poison");
    assertThat(s.getStableVersion()).isEqualTo(V1);
    assertThat(s.getCandidateVersion()).isNull();
    assertThat(s.getHistory())
        .extracting(GenerationRecord::getVersion, GenerationRecord::getOutcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(POISONED, GenerationRecord.OUTCOME_ROLLED_BACK));
    assertThat(s.condition(FleetReleaseStatus.ROLLED_BACK))
        .get()
        .returns(ConditionTypes.TRUE, Condition::getStatus);
    StageAnalysis first = s.getAnalysis().get(0);
    assertThat(first.getStage()).isZero();
    assertThat(first.getVerdict()).isEqualTo(StageAnalysis.VERDICT_FAIL);
    assertThat(first.getKm()).isGreaterThanOrEqualTo(1000.0);
    // measured ~10x the stable rate, and the whole interval above it
    assertThat(first.getRate()).isGreaterThan(5 * first.getBaselineRate());
    assertThat(first.getCiLow()).isGreaterThan(first.getBaselineRate());
    assertThat(first.getReason()).isNotBlank();

    ReleaseRolledBack event =
        releaseEvents("poison").stream()
            .filter(ReleaseRolledBack.class::isInstance)
            .map(ReleaseRolledBack.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(event.version()).isEqualTo(POISONED);
    assertThat(event.restoredVersion()).isEqualTo(V1);
    assertThat(event.stage()).isEqualTo(1); // spec.stages[0] in the audit numbering
    assertThat(event.measured()).isNotEmpty();
    assertThat(event.rule()).isEqualTo(first.getReason());
    assertThat(releaseEvents("poison"))
        .filteredOn(StageAdvanced.class::isInstance)
        .map(e -> ((StageAdvanced) e).toStage())
        .containsExactly(1);

    // only the first stage's slice ever drove it, and at the next poll every device is back on V1
    assertThat(fleet.devicesThatDrove(POISONED))
        .isNotEmpty()
        .allMatch(d -> Cohorts.deviceInFirstPercent(d, 10));
    assertThat(fleet.assignedVersions()).containsOnly(V1);

    // bad input after the rollback (issue #6): each answered by a condition, and nothing else
    // moves: not the rollout's state, not what the channel serves, not the release's facts
    JsonNode rollout = json(status("poison").getRollout());
    List<AuditEvent> recorded = releaseEvents("poison");
    Map<String, String> refused =
        new LinkedHashMap<>(
            Map.of(
                "launch", FleetReleaseStatus.REASON_UNKNOWN_ACTION,
                "promote,abort", FleetReleaseStatus.REASON_CONFLICTING_ACTIONS,
                "promote", FleetReleaseStatus.REASON_ACTION_NOT_APPLICABLE));
    refused.forEach(
        (value, reason) -> {
          annotate("poison", value);
          eventually()
              .untilAsserted(
                  () ->
                      assertThat(
                              env.condition(
                                  FleetRelease.class, "poison", FleetReleaseStatus.ACTION_ACCEPTED))
                          .get()
                          .returns(ConditionTypes.FALSE, Condition::getStatus)
                          .returns(reason, Condition::getReason)
                          .satisfies(
                              c ->
                                  assertThat(c.getMessage())
                                      .contains(value, "nothing was changed")));
          assertThat(json(status("poison").getRollout())).isEqualTo(rollout);
        });
    annotate("poison", null);

    // a pause after (or during) a rollback never holds it: the candidate stays withdrawn
    env.edit(FleetRelease.class, "poison", r -> r.getSpec().setPaused(true));
    eventually()
        .untilAsserted(
            () ->
                assertThat(env.condition(FleetRelease.class, "poison", FleetReleaseStatus.PAUSED))
                    .get()
                    .returns(ConditionTypes.TRUE, Condition::getStatus)
                    .returns(RolloutMachine.REASON_ROLLBACK_NOT_PAUSED, Condition::getReason));

    // stages that do not increase (a real API server's CEL rule refuses them; the in-memory one
    // does not): Ready=False/InvalidSpec with the rule's message, and nothing else is touched
    env.edit(
        FleetRelease.class,
        "poison",
        r ->
            r.getSpec()
                .setStages(
                    List.of(
                        new RolloutStage().withPercent(50),
                        new RolloutStage().withPercent(10),
                        new RolloutStage().withPercent(100))));
    eventually()
        .untilAsserted(
            () ->
                assertThat(env.condition(FleetRelease.class, "poison", ConditionTypes.READY))
                    .get()
                    .returns(ConditionTypes.FALSE, Condition::getStatus)
                    .returns(Reasons.INVALID_SPEC, Condition::getReason)
                    .satisfies(
                        c ->
                            assertThat(c.getMessage())
                                .contains(
                                    "spec.stages",
                                    "stage percentages must be strictly increasing")));
    FleetReleaseStatus after = status("poison");
    assertThat(json(after.getRollout())).isEqualTo(rollout);
    assertThat(after.getStableVersion()).isEqualTo(V1);
    assertThat(after.getCandidateVersion()).isNull();
    assertThat(after.getHistory()).hasSize(1);
    // only the pause was recorded (it is accepted: it holds the next candidate)
    assertThat(releaseEvents("poison"))
        .filteredOn(e -> !(e instanceof ReleasePaused))
        .containsExactlyElementsOf(recorded);
    fleet.tick();
    assertThat(fleet.assignedVersions()).containsOnly(V1);
  }

  private static JsonNode json(Object value) {
    return new ObjectMapper().valueToTree(value);
  }

  private static void annotate(String name, String value) {
    env.annotate(FleetRelease.class, name, FleetloopApi.ACTION_ANNOTATION, value);
  }

  @Test
  void aCandidateWhoseArtifactDoesNotMatchItsDigestNeverStarts() {
    env.create(release("blocked", "rollout-nobody", V1));
    awaitStable("blocked", V1);

    env.edit(
        FleetRelease.class,
        "blocked",
        r ->
            r.getSpec()
                .setModel(
                    new ReleaseModel()
                        .withVersion("policy-tampered")
                        .withArtifact(uri(GOOD))
                        .withDigest(digests.get(POISONED))));
    eventually()
        .untilAsserted(
            () -> {
              FleetReleaseStatus s = status("blocked");
              assertThat(s.condition(ConditionTypes.READY))
                  .get()
                  .returns(ConditionTypes.FALSE, Condition::getStatus)
                  .returns(FleetReleaseStatus.REASON_DIGEST_MISMATCH, Condition::getReason)
                  .satisfies(
                      c ->
                          assertThat(c.getMessage())
                              .contains(uri(GOOD), digests.get(GOOD), digests.get(POISONED)));
              assertThat(s.condition(FleetReleaseStatus.PROGRESSING))
                  .get()
                  .returns(ConditionTypes.FALSE, Condition::getStatus)
                  .returns(RolloutMachine.REASON_CANDIDATE_BLOCKED, Condition::getReason);
            });
    assertThat(status("blocked").getCandidateVersion()).isNull();
    assertThat(status("blocked").getStableVersion()).isEqualTo(V1);

    env.edit(
        FleetRelease.class,
        "blocked",
        r ->
            r.getSpec()
                .setModel(
                    new ReleaseModel()
                        .withVersion("policy-missing")
                        .withArtifact("s3://" + BUCKET + "/models/policy-missing")
                        .withDigest(digests.get(GOOD))));
    eventually()
        .untilAsserted(
            () ->
                assertThat(env.condition(FleetRelease.class, "blocked", ConditionTypes.READY))
                    .get()
                    .returns(ConditionTypes.FALSE, Condition::getStatus)
                    .returns(FleetReleaseStatus.REASON_ARTIFACT_MISSING, Condition::getReason));
    assertThat(status("blocked").getCandidateVersion()).isNull();
    assertThat(releaseEvents("blocked"))
        .noneMatch(e -> e instanceof StageAdvanced || e instanceof ReleasePromoted);
  }

  // ---- the release --------------------------------------------------------------------------

  private static FleetRelease release(String name, String fleetLabel, String version) {
    FleetRelease release = new FleetRelease();
    release.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).build());
    release.setSpec(
        new FleetReleaseSpec()
            .withFleetSelector(
                new LabelSelectorBuilder().withMatchLabels(Map.of("fleet", fleetLabel)).build())
            .withModel(model(version))
            .withStages(
                List.of(
                    new RolloutStage().withPercent(10).withMinKm(3_000L),
                    new RolloutStage().withPercent(50).withMinKm(30_000L),
                    new RolloutStage().withPercent(100).withMinKm(10_000L)))
            .withAnalysis(new AnalysisSpec().withMinExposureKm(1_000L)));
    return release;
  }

  private static ReleaseModel model(String version) {
    return new ReleaseModel()
        .withVersion(version)
        .withArtifact(uri(version))
        .withDigest(digests.get(version));
  }

  private static String uri(String version) {
    return "s3://" + BUCKET + "/models/" + version;
  }

  private static void awaitStable(String name, String version) {
    eventually()
        .untilAsserted(
            () -> {
              FleetReleaseStatus s = status(name);
              assertThat(s.getStableVersion()).isEqualTo(version);
              assertThat(s.condition(FleetReleaseStatus.PROGRESSING))
                  .get()
                  .returns(RolloutMachine.REASON_STABLE, Condition::getReason);
            });
  }

  private static FleetReleaseStatus status(String name) {
    return env.get(FleetRelease.class, name).getStatus();
  }

  /** The release facts (not condition transitions) recorded for {@code name}, in order. */
  private static List<AuditEvent> releaseEvents(String name) {
    String id = "fleetrelease/" + env.namespace() + "/" + name;
    return facts.events().stream()
        .filter(
            e ->
                e instanceof ReleaseEvent r
                    && !(e instanceof ConditionChanged)
                    && r.aggregateId().equals(id))
        .toList();
  }

  // ---- the object store ---------------------------------------------------------------------

  private static S3Component s3() {
    return LocalStack.shared(ComponentKind.S3).s3();
  }

  private static void uploadModels() {
    try {
      var minio = s3().newClient();
      if (!minio.bucketExists(BucketExistsArgs.builder().bucket(BUCKET).build())) {
        minio.makeBucket(MakeBucketArgs.builder().bucket(BUCKET).build());
      }
      for (String version : List.of(V1, GOOD, POISONED)) {
        byte[] bytes = ("model weights of " + version).getBytes(StandardCharsets.UTF_8);
        minio.putObject(
            PutObjectArgs.builder().bucket(BUCKET).object("models/" + version).stream(
                    new ByteArrayInputStream(bytes), bytes.length, -1)
                .build());
        digests.put(
            version,
            "sha256:"
                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot upload the test models: " + e, e);
    }
  }

  // ---- the fleet ----------------------------------------------------------------------------

  /** Remembers the outcome of every release fact the operator appends (condition audit passes). */
  private static final class CountingRecorder implements AuditRecorder {
    @Override
    public Recorded recordCondition(ConditionTransition transition) {
      return facts.recordCondition(transition);
    }

    @Override
    public Recorded record(AuditEvent event, String idempotencyKey) {
      Recorded r = facts.record(event, idempotencyKey);
      if (event instanceof ReleaseEvent && !(event instanceof ConditionChanged)) {
        releaseFactOutcomes.add(r.outcome());
      }
      return r;
    }
  }

  /**
   * {@value #DEVICES} devices labelled {@code fleet=<label>}. A tick: every device asks the channel
   * what to drive, drives {@value #KM_PER_TICK} km (70% clear, 30% rain) with it and reports its
   * cumulative exposure per (model version, condition).
   */
  private static final class Fleet {
    private final Map<String, String> labels;
    private final List<Device> devices = new ArrayList<>();

    Fleet(String label, long seed) {
      this.labels = Map.of("fleet", label);
      Random random = new Random(seed);
      for (int i = 0; i < DEVICES; i++) {
        String id = label + "-car-" + i;
        byte[] key = ("device-key-" + id).getBytes(StandardCharsets.UTF_8);
        keys.register(id, key);
        devices.add(new Device(id, key, random.nextDouble()));
      }
    }

    /** Ticks until {@code done}, checking before every tick; fails after the deadline. */
    void driveUntil(Callable<Boolean> done) {
      await()
          .atMost(OperatorEnvironment.DEADLINE)
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                if (done.call()) {
                  return true;
                }
                tick();
                return false;
              });
    }

    void tick() {
      for (Device d : devices) {
        String version = d.assignment().getModel().getVersion();
        assertThat(version).as("%s is assigned a model", d.id).isNotEmpty();
        d.drive(version);
        var ack = d.client().report(d.report());
        assertThat(ack.getIgnored()).isZero();
      }
    }

    List<String> assignedVersions() {
      return devices.stream().map(d -> d.assignment().getModel().getVersion()).distinct().toList();
    }

    List<String> devicesThatDrove(String version) {
      return devices.stream()
          .filter(d -> d.km.keySet().stream().anyMatch(k -> k.startsWith(version + " ")))
          .map(d -> d.id)
          .toList();
    }

    private final class Device {
      private final String id;
      private final byte[] key;
      private final double offset;
      private final Map<String, Double> km = new LinkedHashMap<>();
      private ReleaseChannelClient client;

      Device(String id, byte[] key, double offset) {
        this.id = id;
        this.key = key;
        this.offset = offset;
      }

      ReleaseChannelClient client() {
        if (client == null) {
          client =
              ReleaseChannelClient.onChannel(
                  grpc,
                  DeviceToken.authorizationHeader(
                      DeviceToken.sign(id, Instant.now().plusSeconds(900), key)),
                  Duration.ofSeconds(10));
        }
        return client;
      }

      Assignment assignment() {
        return client()
            .assignment(DeviceHello.newBuilder().setDeviceId(id).putAllLabels(labels).build());
      }

      void drive(String version) {
        CONDITION_SHARE.forEach(
            (condition, share) ->
                km.merge(version + " " + condition, KM_PER_TICK * share, Double::sum));
      }

      /** Cumulative exposure; interventions by systematic sampling at the version's rate. */
      DeviceReport report() {
        DeviceReport.Builder report = DeviceReport.newBuilder().setDeviceId(id);
        km.forEach(
            (k, driven) -> {
              String version = k.substring(0, k.indexOf(' '));
              String condition = k.substring(k.indexOf(' ') + 1);
              double expected =
                  driven * STABLE_RATE_PER_KM.get(condition) * RATE_FACTOR.get(version);
              report.addExposure(
                  Exposure.newBuilder()
                      .setModelVersion(version)
                      .setRole(ExposureRole.DRIVING)
                      .setCondition(condition)
                      .setKm(driven)
                      .setInterventions((long) Math.floor(expected + offset)));
            });
        return report.build();
      }
    }
  }
}
