package io.fleetloop.operator.datatrigger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.common.ConditionTypes;
import io.fleetloop.api.v1alpha1.DataTrigger;
import io.fleetloop.api.v1alpha1.DataTriggerBudget;
import io.fleetloop.api.v1alpha1.DataTriggerRollout;
import io.fleetloop.api.v1alpha1.DataTriggerRolloutStatus;
import io.fleetloop.api.v1alpha1.DataTriggerSampling;
import io.fleetloop.api.v1alpha1.DataTriggerSpec;
import io.fleetloop.api.v1alpha1.DataTriggerStatus;
import io.fleetloop.api.v1alpha1.DeviceCounts;
import io.fleetloop.api.v1alpha1.UploadCounts;
import io.fleetloop.audit.api.event.AuditEvent;
import io.fleetloop.audit.api.event.TriggerCanaried;
import io.fleetloop.audit.api.event.TriggerChanged;
import io.fleetloop.audit.api.event.TriggerDeployed;
import io.fleetloop.audit.api.event.TriggerRetired;
import io.fleetloop.audit.client.IdempotencyKeys;
import io.fleetloop.audit.client.Outcome;
import io.fleetloop.audit.client.Recorded;
import io.fleetloop.operator.common.Finding;
import io.fleetloop.operator.common.StatusUpdate;
import io.fleetloop.release.api.Quantities;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The distribution step of the DataTrigger reconciler: reads the release channel's figures of the
 * current generation into {@code status.devices}, {@code firings} and {@code uploads}, runs the
 * canary ({@link CanaryPolicy}) into {@code status.rollout} and the {@code Distributed} condition,
 * and records the trigger's domain facts (TriggerDeployed or TriggerChanged, then TriggerCanaried)
 * when a generation's rollout starts — before the status is written.
 */
final class TriggerDistribution {

  private static final Logger log = LoggerFactory.getLogger(TriggerDistribution.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ReleaseChannelLink link;

  TriggerDistribution(ReleaseChannelLink link) {
    this.link = link;
  }

  /**
   * Sets what distribution concludes for {@code trigger} on {@code status}.
   *
   * @param compiled whether the current generation compiled
   * @return when to reconcile again to refresh the figures, or empty
   */
  Optional<Duration> apply(
      DataTrigger trigger, boolean compiled, StatusUpdate<DataTriggerStatus> status, Instant now) {
    if (!compiled) {
      status.set(
          Finding.failed(
              DataTriggerStatus.DISTRIBUTED,
              DataTriggerStatus.REASON_NOT_COMPILED,
              "the condition does not compile: no device receives generation "
                  + status.generation()));
      return Optional.empty();
    }
    String id = triggerId(trigger);
    long generation = status.generation();
    TriggerStatsSource.Answer answer = link.stats().fetch(id, generation);
    if (answer instanceof TriggerStatsSource.NotConfigured n) {
      status.set(
          new Finding(
              DataTriggerStatus.DISTRIBUTED,
              ConditionTypes.UNKNOWN,
              DataTriggerStatus.REASON_NO_RELEASE_CHANNEL,
              n.message(),
              Finding.Severity.NORMAL));
      return Optional.empty();
    }
    if (answer instanceof TriggerStatsSource.Unavailable u) {
      log.warn("{}: {}", id, u.message());
      status.set(
          new Finding(
              DataTriggerStatus.DISTRIBUTED,
              ConditionTypes.UNKNOWN,
              DataTriggerStatus.REASON_RELEASE_CHANNEL_UNAVAILABLE,
              u.message() + "; retried every " + CanaryPolicy.text(link.refresh()),
              Finding.Severity.WARNING));
      return Optional.of(link.refresh());
    }
    TriggerStatsSource.Stats stats = (TriggerStatsSource.Stats) answer;
    DataTriggerSpec spec = trigger.getSpec();
    int canaryPercent =
        Optional.ofNullable(spec.getRollout())
            .map(DataTriggerRollout::getCanaryPercent)
            .orElse(new DataTriggerRollout().getCanaryPercent());
    DataTriggerRolloutStatus previous = status.status().getRollout();
    CanaryPolicy.Decision decision =
        link.canary().decide(generation, canaryPercent, budget(spec), previous, stats, now);
    if (decision.started()) {
      recordStart(trigger, id, generation, canaryPercent, previous, stats, decision);
    }
    if (decision.promoted()) {
      log.info("{} generation {} promoted from its {}% canary", id, generation, canaryPercent);
    }
    DataTriggerStatus s = status.status();
    s.setRollout(decision.rollout());
    s.setDevices(new DeviceCounts().withTargeted(stats.targeted()).withActive(stats.active()));
    s.setFirings(stats.firings());
    s.setUploads(new UploadCounts().withClips(stats.clips()).withBytes(stats.bytes()));
    status.set(decision.distributed());
    return Optional.of(link.refresh());
  }

  /** Records that the trigger is no longer distributed (its finalizer is being removed). */
  void retired(DataTrigger trigger) {
    DataTriggerStatus status = trigger.getStatus();
    if (status == null || status.getRollout() == null) {
      return;
    }
    String id = triggerId(trigger);
    record(
        new TriggerRetired(id, "the DataTrigger was deleted"),
        IdempotencyKeys.derive("trigger-retired", id, trigger.getMetadata().getUid()));
  }

  private void recordStart(
      DataTrigger trigger,
      String id,
      long generation,
      int canaryPercent,
      DataTriggerRolloutStatus previous,
      TriggerStatsSource.Stats stats,
      CanaryPolicy.Decision decision) {
    DataTriggerSpec spec = trigger.getSpec();
    String uid = Objects.requireNonNullElse(trigger.getMetadata().getUid(), "");
    int priority = Objects.requireNonNullElse(spec.getPriority(), 50);
    double rate =
        Optional.ofNullable(spec.getSampling()).map(DataTriggerSampling::getRate).orElse(1.0);
    String digest = specDigest(spec);
    if (previous == null) {
      record(
          new TriggerDeployed(
              id, uid, generation, spec.getCondition(), priority, rate, canaryPercent, digest),
          IdempotencyKeys.derive("trigger-deployed", id, uid, generation));
    } else {
      record(
          new TriggerChanged(
              id, generation, spec.getCondition(), priority, rate, canaryPercent, digest),
          IdempotencyKeys.derive("trigger-changed", id, uid, generation));
    }
    if (DataTriggerRolloutStatus.CANARY.equals(decision.rollout().getPhase())) {
      long devices = Math.round(stats.targeted() * canaryPercent / 100.0);
      record(
          new TriggerCanaried(id, generation, canaryPercent, devices),
          IdempotencyKeys.derive("trigger-canaried", id, uid, generation));
      log.info("{} generation {} starts on its {}% canary", id, generation, canaryPercent);
    }
  }

  private void record(AuditEvent event, String key) {
    Recorded r = link.facts().record(event, key);
    if (r.outcome() == Outcome.REJECTED) {
      log.warn(
          "the audit log refused {} ({}): {}", event.getClass().getSimpleName(), key, r.detail());
    }
  }

  static CanaryPolicy.Budget budget(DataTriggerSpec spec) {
    DataTriggerBudget b = Objects.requireNonNullElseGet(spec.getBudget(), DataTriggerBudget::new);
    int clips = Objects.requireNonNullElse(b.getClipsPerDevicePerDay(), 20);
    String bytes = Objects.requireNonNullElse(b.getBytesPerDevicePerDay(), "64Mi");
    return new CanaryPolicy.Budget(clips, Quantities.bytes(bytes), bytes);
  }

  static String triggerId(DataTrigger trigger) {
    return "datatrigger/"
        + trigger.getMetadata().getNamespace()
        + "/"
        + trigger.getMetadata().getName();
  }

  private static String specDigest(DataTriggerSpec spec) {
    try {
      byte[] json = JSON.writeValueAsString(spec).getBytes(StandardCharsets.UTF_8);
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
    } catch (NoSuchAlgorithmException | JsonProcessingException e) {
      throw new IllegalStateException("cannot digest the spec: " + e.getMessage(), e);
    }
  }
}
