package io.fleetloop.release.core;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fleetloop.api.common.ConditionTypes;
import io.fleetloop.api.v1alpha1.DataTrigger;
import io.fleetloop.api.v1alpha1.DataTriggerBudget;
import io.fleetloop.api.v1alpha1.DataTriggerRollout;
import io.fleetloop.api.v1alpha1.DataTriggerSampling;
import io.fleetloop.api.v1alpha1.DataTriggerSpec;
import io.fleetloop.api.v1alpha1.DataTriggerStatus;
import io.fleetloop.api.v1alpha1.DataTriggerWindow;
import io.fleetloop.release.api.Quantities;
import io.fleetloop.release.grpc.TriggerAssignment;
import java.util.Objects;
import java.util.Optional;

/**
 * One DataTrigger generation as the release channel serves it: who it is for ({@code selector}), to
 * what share of them ({@code servedPercent}: the canary percent until the operator marks the
 * generation's rollout {@code Complete}, then 100), and what devices get ({@code assignment}).
 *
 * @param id {@code datatrigger/<namespace>/<name>}
 * @param generation {@code metadata.generation}
 * @param selector {@code spec.fleetSelector}
 * @param servedPercent 1..100
 * @param assignment what a device receives
 */
public record ServedTrigger(
    String id,
    long generation,
    LabelSelector selector,
    int servedPercent,
    TriggerAssignment assignment) {

  public ServedTrigger {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(assignment, "assignment");
  }

  /** {@code datatrigger/<namespace>/<name>}, the id devices, reports and the audit log use. */
  public static String idOf(String namespace, String name) {
    return "datatrigger/" + namespace + "/" + name;
  }

  /**
   * The trigger as served, or empty when no device may get it: its {@code Compiled} condition is
   * not True for the current generation (invalid CEL, or not yet checked by the operator), or it is
   * being deleted.
   *
   * @throws IllegalArgumentException when a quantity or duration of the spec does not parse (the
   *     operator's contract check reports such a spec as InvalidSpec)
   */
  public static Optional<ServedTrigger> of(DataTrigger trigger) {
    if (trigger.getMetadata().getDeletionTimestamp() != null) {
      return Optional.empty();
    }
    long generation = Objects.requireNonNullElse(trigger.getMetadata().getGeneration(), 0L);
    DataTriggerStatus status = trigger.getStatus();
    boolean compiled =
        status != null
            && status
                .condition(DataTriggerStatus.COMPILED)
                .filter(c -> ConditionTypes.TRUE.equals(c.getStatus()))
                .filter(c -> Objects.equals(c.getObservedGeneration(), generation))
                .isPresent();
    DataTriggerSpec spec = trigger.getSpec();
    if (!compiled || spec == null || spec.getCondition() == null) {
      return Optional.empty();
    }
    int canary =
        Optional.ofNullable(spec.getRollout())
            .map(DataTriggerRollout::getCanaryPercent)
            .orElse(new DataTriggerRollout().getCanaryPercent());
    boolean complete = status.getRollout() != null && status.getRollout().completeFor(generation);
    String id = idOf(trigger.getMetadata().getNamespace(), trigger.getMetadata().getName());
    return Optional.of(
        new ServedTrigger(
            id,
            generation,
            spec.getFleetSelector(),
            complete ? 100 : canary,
            assignment(id, generation, spec)));
  }

  private static TriggerAssignment assignment(String id, long generation, DataTriggerSpec spec) {
    DataTriggerBudget budget =
        Objects.requireNonNullElseGet(spec.getBudget(), DataTriggerBudget::new);
    DataTriggerWindow window =
        Objects.requireNonNullElseGet(spec.getWindow(), DataTriggerWindow::new);
    DataTriggerSampling sampling =
        Objects.requireNonNullElseGet(spec.getSampling(), DataTriggerSampling::new);
    return TriggerAssignment.newBuilder()
        .setId(id)
        .setGeneration(generation)
        .setCondition(spec.getCondition())
        .setPriority(Objects.requireNonNullElse(spec.getPriority(), 50))
        .setSamplingRate(Objects.requireNonNullElse(sampling.getRate(), 1.0))
        .setClipsPerDevicePerDay(Objects.requireNonNullElse(budget.getClipsPerDevicePerDay(), 20))
        .setBytesPerDevicePerDay(
            Quantities.bytes(Objects.requireNonNullElse(budget.getBytesPerDevicePerDay(), "64Mi")))
        .setPreRollMs(Quantities.millis(Objects.requireNonNullElse(window.getPreRoll(), "5s")))
        .setPostRollMs(Quantities.millis(Objects.requireNonNullElse(window.getPostRoll(), "3s")))
        .setCooldownMs(Quantities.millis(Objects.requireNonNullElse(spec.getCooldown(), "30s")))
        .build();
  }
}
