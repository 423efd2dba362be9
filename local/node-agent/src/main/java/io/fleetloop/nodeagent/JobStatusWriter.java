package io.fleetloop.nodeagent;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Writes a Job's status as the Job controller would: counts, start/completion, conditions. */
final class JobStatusWriter {

  private final KubernetesClient client;
  private final Clock clock;

  JobStatusWriter(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /** Counts of pods. */
  record Counts(int active, int succeeded, int failed) {}

  void started(Job job) {
    update(job, s -> s.setStartTime(now()));
  }

  void counts(Job job, Counts counts) {
    update(
        job,
        s -> {
          s.setActive(counts.active());
          s.setSucceeded(counts.succeeded());
          s.setFailed(counts.failed());
        });
  }

  void complete(Job job, Counts counts) {
    update(
        job,
        s -> {
          s.setActive(0);
          s.setSucceeded(counts.succeeded());
          s.setFailed(counts.failed());
          s.setCompletionTime(now());
          s.setConditions(with(s, condition("Complete", "Completed", "all pods succeeded")));
        });
  }

  void failed(Job job, Counts counts, String reason, String message) {
    update(
        job,
        s -> {
          s.setActive(0);
          s.setSucceeded(counts.succeeded());
          s.setFailed(counts.failed());
          s.setConditions(with(s, condition("Failed", reason, message)));
        });
  }

  private List<JobCondition> with(JobStatus s, JobCondition c) {
    List<JobCondition> conditions =
        new ArrayList<>(s.getConditions() == null ? List.of() : s.getConditions());
    conditions.removeIf(x -> c.getType().equals(x.getType()));
    conditions.add(c);
    return conditions;
  }

  private JobCondition condition(String type, String reason, String message) {
    String now = now();
    return new JobConditionBuilder()
        .withType(type)
        .withStatus("True")
        .withReason(reason)
        .withMessage(message)
        .withLastProbeTime(now)
        .withLastTransitionTime(now)
        .build();
  }

  private String now() {
    return clock.instant().toString();
  }

  /** Applies {@code change} to the latest Job's status; retried on conflicts; gone Jobs ignored. */
  private void update(Job job, Consumer<JobStatus> change) {
    var resource =
        client
            .batch()
            .v1()
            .jobs()
            .inNamespace(job.getMetadata().getNamespace())
            .withName(job.getMetadata().getName());
    for (int attempt = 0; attempt < 10; attempt++) {
      Job latest = resource.get();
      if (latest == null) {
        return;
      }
      JobStatus status = latest.getStatus() == null ? new JobStatus() : latest.getStatus();
      change.accept(status);
      latest.setStatus(status);
      try {
        client.resource(latest).updateStatus();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
      }
    }
    throw new IllegalStateException(
        "Job " + job.getMetadata().getName() + ": status update kept conflicting");
  }
}
