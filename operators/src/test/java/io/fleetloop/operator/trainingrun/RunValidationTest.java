package io.fleetloop.operator.trainingrun;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fleetloop.api.common.Condition;
import io.fleetloop.api.common.ConditionTypes;
import io.fleetloop.api.v1alpha1.FleetRelease;
import io.fleetloop.api.v1alpha1.ModelRef;
import io.fleetloop.api.v1alpha1.ModelVersion;
import io.fleetloop.api.v1alpha1.PromotionSpec;
import io.fleetloop.api.v1alpha1.ReleaseModel;
import io.fleetloop.api.v1alpha1.TrainingRun;
import io.fleetloop.api.v1alpha1.TrainingRunReasons;
import io.fleetloop.api.v1alpha1.TrainingRunSpec;
import io.fleetloop.api.v1alpha1.TrainingRunStatus;
import io.fleetloop.api.v1alpha1.ValidationGates;
import io.fleetloop.api.v1alpha1.ValidationSpec;
import io.fleetloop.audit.api.event.AuditEvent;
import io.fleetloop.audit.api.event.ModelValidated;
import io.fleetloop.audit.api.event.ModelValidationFailed;
import io.fleetloop.audit.client.AuditRecorder;
import io.fleetloop.audit.client.ConditionTransition;
import io.fleetloop.audit.client.Outcome;
import io.fleetloop.audit.client.Recorded;
import io.fleetloop.operator.common.Finding;
import io.fleetloop.operator.common.StatusUpdate;
import io.fleetloop.operator.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The validation and promotion step on its own: Jobs, report, audit facts, release writes. */
class RunValidationTest {
  private static final String DIGEST = "sha256:" + "b".repeat(64);
  private static final String ARTIFACT = "s3://bucket/training/ns/g5/uid/edge/model.flm";
  private static final String REPORT = "s3://bucket/training/ns/g5/uid/edge/validation.json";
  private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

  private final Map<String, byte[]> objects = new HashMap<>();
  private final List<AuditEvent> recorded = new ArrayList<>();
  private final Map<String, FleetRelease> releases = new LinkedHashMap<>();
  private int releaseWrites;

  private final TrainingEvents events =
      TrainingEvents.recordingTo(
          new AuditRecorder() {
            @Override
            public Recorded recordCondition(ConditionTransition transition) {
              return new Recorded(transition.idempotencyKey(), Outcome.APPENDED, 1, "");
            }

            @Override
            public Recorded record(AuditEvent event, String key) {
              recorded.add(event);
              return new Recorded(key, Outcome.APPENDED, recorded.size(), "");
            }
          });

  private TrainingRun run(PromotionSpec promotion) {
    TrainingRun run =
        Fixtures.trainingRun(
            "ns",
            "g5",
            new TrainingRunSpec()
                .withModel(new ModelRef().withName("policy"))
                .withValidation(
                    new ValidationSpec().withGates(new ValidationGates().withMinAccuracy(0.9)))
                .withPromotion(promotion));
    run.getMetadata().setUid("uid-g5");
    run.getMetadata().setGeneration(1L);
    TrainingRunStatus status =
        new TrainingRunStatus()
            .withModelVersion(
                new ModelVersion().withName("g5").withArtifact(ARTIFACT).withDigest(DIGEST));
    run.setStatus(status);
    StatusUpdate<TrainingRunStatus> u = update(run);
    u.set(Finding.satisfied(TrainingRunStatus.SUCCEEDED, TrainingRunReasons.MODEL_REGISTERED, ""));
    u.applyTo(run);
    return run;
  }

  private static StatusUpdate<TrainingRunStatus> update(TrainingRun run) {
    return StatusUpdate.of(run, TrainingRunStatus::new, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private RunProgress.Actions step(
      TrainingRun run, StatusUpdate<TrainingRunStatus> u, List<Job> jobs) {
    return new RunValidation(
            run,
            u,
            jobs,
            new RunValidation.Releases() {
              @Override
              public Optional<FleetRelease> get(String name) {
                return Optional.ofNullable(releases.get(name));
              }

              @Override
              public void setModel(String name, ReleaseModel model) {
                releaseWrites++;
                releases.get(name).getSpec().setModel(model);
              }
            },
            uri -> Optional.ofNullable(objects.get(uri)),
            events,
            TrainingSettings.defaults().withRetries(1, Duration.ofSeconds(10)),
            Clock.fixed(NOW, ZoneOffset.UTC))
        .advance();
  }

  private static Job finished(Job job, String type, Instant at) {
    job.setStatus(
        new JobStatusBuilder()
            .withConditions(
                new JobConditionBuilder()
                    .withType(type)
                    .withStatus("True")
                    .withReason(type.equals("Failed") ? "BackoffLimitExceeded" : null)
                    .withLastTransitionTime(at.toString())
                    .build())
            .build());
    return job;
  }

  private void report(String digest, boolean passed) {
    String json =
        ("{\"digest\":\"%s\",\"suites\":[\"heldout\",\"tail\"],\"accuracy\":0.93,"
                + "\"perSuite\":{\"heldout\":{\"accuracy\":0.95,\"chipDisagreement\":null},"
                + "\"tail\":{\"accuracy\":0.93,\"chipDisagreement\":null}},\"chipDisagreement\":null,"
                + "\"passed\":%s,\"reasons\":[%s],\"summary\":\"accuracy 0.950 on heldout\"}")
            .formatted(digest, passed, passed ? "" : "\"accuracy 0.930 < 0.940 on tail\"");
    objects.put(REPORT, json.getBytes(StandardCharsets.UTF_8));
  }

  private static Condition cond(StatusUpdate<TrainingRunStatus> u, String type) {
    return u.status().condition(type).orElseThrow();
  }

  @Test
  void theFirstStepCreatesTheValidationJobAndSaysItValidates() {
    TrainingRun run = run(null);
    var u = update(run);
    RunProgress.Actions actions = step(run, u, List.of());
    assertThat(actions.create())
        .singleElement()
        .satisfies(
            j -> {
              assertThat(j.getMetadata().getName()).isEqualTo("g5-validate-1");
              assertThat(j.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
                  .containsSequence("--output", REPORT);
            });
    assertThat(cond(u, TrainingRunStatus.VALIDATED).getStatus()).isEqualTo(ConditionTypes.UNKNOWN);
    assertThat(u.status().condition(TrainingRunStatus.PROMOTED)).isEmpty();
  }

  @Test
  void aPassingReportIsValidatedWithItsFiguresInTheAuditFact() {
    TrainingRun run = run(null);
    Job job =
        ValidationJobs.desired(
            run, run.getStatus().getModelVersion(), 1, TrainingSettings.defaults());
    report(DIGEST, true);
    var u = update(run);
    step(run, u, List.of(finished(job, "Complete", NOW)));
    assertThat(cond(u, TrainingRunStatus.VALIDATED))
        .returns(ConditionTypes.TRUE, Condition::getStatus)
        .returns(TrainingRunReasons.GATES_PASSED, Condition::getReason);
    assertThat(recorded)
        .singleElement()
        .isInstanceOfSatisfying(
            ModelValidated.class,
            e -> {
              assertThat(e.modelVersion()).isEqualTo("g5");
              assertThat(e.metrics())
                  .containsEntry("accuracy", 0.93)
                  .containsEntry("accuracy.heldout", 0.95)
                  .doesNotContainKey("chipDisagreement");
              assertThat(e.suites()).containsExactly("heldout", "tail");
            });
  }

  @Test
  void aReportAboutAnotherModelIsNotBelieved() {
    TrainingRun run = run(null);
    Job job =
        ValidationJobs.desired(
            run, run.getStatus().getModelVersion(), 1, TrainingSettings.defaults());
    report("sha256:" + "c".repeat(64), true);
    var u = update(run);
    step(run, u, List.of(finished(job, "Complete", NOW)));
    assertThat(cond(u, TrainingRunStatus.VALIDATED))
        .returns(ConditionTypes.FALSE, Condition::getStatus)
        .returns(TrainingRunReasons.VALIDATOR_FAILED, Condition::getReason);
    assertThat(cond(u, TrainingRunStatus.VALIDATED).getMessage()).contains("not " + DIGEST);
    assertThat(recorded).singleElement().isInstanceOf(ModelValidationFailed.class);
  }

  @Test
  void aFailedValidatorJobIsRetriedAfterTheBackoffThenGivesUp() {
    TrainingRun run = run(null);
    ModelVersion mv = run.getStatus().getModelVersion();
    Job first =
        finished(ValidationJobs.desired(run, mv, 1, TrainingSettings.defaults()), "Failed", NOW);
    var waiting = update(run);
    RunProgress.Actions wait = step(run, waiting, List.of(first));
    assertThat(wait.create()).isEmpty();
    assertThat(wait.rescheduleAfter()).contains(Duration.ofSeconds(10));
    assertThat(cond(waiting, TrainingRunStatus.VALIDATED).getMessage())
        .contains("attempt 2 starts in 10s");

    Job older =
        finished(
            ValidationJobs.desired(run, mv, 1, TrainingSettings.defaults()),
            "Failed",
            NOW.minusSeconds(60));
    var retry = update(run);
    assertThat(step(run, retry, List.of(older)).create())
        .singleElement()
        .satisfies(j -> assertThat(j.getMetadata().getName()).isEqualTo("g5-validate-2"));

    Job second =
        finished(ValidationJobs.desired(run, mv, 2, TrainingSettings.defaults()), "Failed", NOW);
    var gaveUp = update(run);
    assertThat(step(run, gaveUp, List.of(older, second)).create()).isEmpty();
    assertThat(cond(gaveUp, TrainingRunStatus.VALIDATED))
        .returns(ConditionTypes.FALSE, Condition::getStatus)
        .returns(TrainingRunReasons.VALIDATOR_FAILED, Condition::getReason);
  }

  @Test
  void promotionIsIdempotentAndWaitsForAMissingRelease() {
    TrainingRun run = run(Fixtures.promoteInto("fleet").withPolicy(PromotionSpec.POLICY_AUTO));
    Job job =
        ValidationJobs.desired(
            run, run.getStatus().getModelVersion(), 1, TrainingSettings.defaults());
    report(DIGEST, true);
    var missing = update(run);
    RunProgress.Actions a = step(run, missing, List.of(finished(job, "Complete", NOW)));
    assertThat(cond(missing, TrainingRunStatus.PROMOTED).getReason())
        .isEqualTo(TrainingRunReasons.RELEASE_NOT_FOUND);
    assertThat(a.rescheduleAfter()).contains(RunValidation.RELEASE_POLL);
    missing.applyTo(run);

    releases.put("fleet", Fixtures.fleetRelease("ns", "fleet", Fixtures.releaseSpec(10, 100)));
    var promoted = update(run);
    step(run, promoted, List.of(job));
    assertThat(cond(promoted, TrainingRunStatus.PROMOTED).getStatus())
        .isEqualTo(ConditionTypes.TRUE);
    assertThat(releases.get("fleet").getSpec().getModel().getDigest()).isEqualTo(DIGEST);
    assertThat(releaseWrites).isEqualTo(1);

    // a repeat from the old status (a crash before the status write) finds the model there
    step(run, update(run), List.of(job));
    assertThat(releaseWrites).isEqualTo(1);
    // after the status write, a later change of the release is never overwritten
    promoted.applyTo(run);
    releases.get("fleet").getSpec().getModel().setVersion("someone-else");
    step(run, update(run), List.of(job));
    assertThat(releases.get("fleet").getSpec().getModel().getVersion()).isEqualTo("someone-else");
    assertThat(recorded).hasSize(1); // the validation fact, once
  }
}
