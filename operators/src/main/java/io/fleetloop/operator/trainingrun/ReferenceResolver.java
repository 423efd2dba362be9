package io.fleetloop.operator.trainingrun;

import io.fleetloop.api.common.ConditionTypes;
import io.fleetloop.api.v1alpha1.Accelerator;
import io.fleetloop.api.v1alpha1.HardwarePool;
import io.fleetloop.api.v1alpha1.HardwarePoolSpec;
import io.fleetloop.api.v1alpha1.TrainingPhase;
import io.fleetloop.api.v1alpha1.TrainingRunReasons;
import io.fleetloop.api.v1alpha1.TrainingRunSpec;
import io.fleetloop.operator.common.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Resolves what a TrainingRun spec names — plain Java over a {@link ReferenceLookup}.
 *
 * <p>The rules, checked for every phase in order, then the dataset, then the promotion:
 *
 * <ol>
 *   <li>the phase's HardwarePool exists ({@code PoolNotFound});
 *   <li>{@code precision: Chip} runs only on an {@code EdgeChip} pool, and an {@code EdgeChip} pool
 *       runs only {@code Chip} phases ({@code PrecisionMismatch}). An edge-chip board computes in
 *       the chip's integer arithmetic; an FP32 or BF16 phase there would be emulated on the host,
 *       which is neither hardware-in-the-loop nor a good use of the boards, so it is refused rather
 *       than silently run elsewhere;
 *   <li>the pool has capacity, and the phase's {@code parallelism} fits in it ({@code
 *       InsufficientCapacity}); a phase that can never be admitted is reported now, not queued
 *       forever;
 *   <li>every {@code dataset.triggers} DataTrigger exists in the namespace ({@code
 *       TriggerNotFound});
 *   <li>{@code promotion.release}, when set, exists in the namespace ({@code ReleaseNotFound}).
 * </ol>
 *
 * Every problem is reported in the message; the reason is the first problem's.
 */
public final class ReferenceResolver {

  private ReferenceResolver() {}

  /** One reference that does not resolve. */
  public record Problem(String reason, String message) {}

  /** What resolving a spec found. */
  public record Resolution(List<Problem> problems, String summary) {

    public Resolution {
      problems = List.copyOf(problems);
    }

    /** True when every reference resolved. */
    public boolean resolved() {
      return problems.isEmpty();
    }

    /**
     * The {@code Ready} condition: True with {@code ReferencesResolved}, or False with the first
     * problem's reason and every problem in the message, each prefixed with {@code prefix}.
     */
    public Finding ready(String prefix) {
      if (resolved()) {
        return Finding.satisfied(
            ConditionTypes.READY, TrainingRunReasons.REFERENCES_RESOLVED, prefix + summary);
      }
      return Finding.failed(
          ConditionTypes.READY,
          problems.get(0).reason(),
          problems.stream().map(p -> prefix + p.message()).collect(Collectors.joining("; ")));
    }
  }

  /** Resolves the references of {@code spec}, a run in {@code namespace}. */
  public static Resolution resolve(TrainingRunSpec spec, String namespace, ReferenceLookup lookup) {
    List<Problem> problems = new ArrayList<>();
    List<TrainingPhase> phases = Optional.ofNullable(spec.getPhases()).orElse(List.of());
    for (TrainingPhase phase : phases) {
      checkPhase(phase, lookup, problems);
    }
    List<String> triggers =
        spec.getDataset() == null || spec.getDataset().getTriggers() == null
            ? List.of()
            : spec.getDataset().getTriggers();
    for (String trigger : triggers) {
      if (!lookup.triggerExists(trigger)) {
        problems.add(
            new Problem(
                TrainingRunReasons.TRIGGER_NOT_FOUND,
                "dataset.triggers: DataTrigger '%s' not found in namespace '%s'"
                    .formatted(trigger, namespace)));
      }
    }
    String release = spec.getPromotion() == null ? null : spec.getPromotion().getRelease();
    if (release != null && !lookup.releaseExists(release)) {
      problems.add(
          new Problem(
              TrainingRunReasons.RELEASE_NOT_FOUND,
              "promotion.release: FleetRelease '%s' not found in namespace '%s'"
                  .formatted(release, namespace)));
    }
    return new Resolution(problems, summary(phases, triggers, release));
  }

  private static void checkPhase(
      TrainingPhase phase, ReferenceLookup lookup, List<Problem> problems) {
    String where = "phase '" + phase.getName() + "'";
    Optional<HardwarePool> found = lookup.pool(phase.getPool());
    if (found.isEmpty()) {
      problems.add(
          new Problem(
              TrainingRunReasons.POOL_NOT_FOUND,
              "%s: HardwarePool '%s' not found".formatted(where, phase.getPool())));
      return;
    }
    HardwarePoolSpec pool =
        Objects.requireNonNullElseGet(found.get().getSpec(), HardwarePoolSpec::new);
    String kind = pool.getAccelerator() == null ? null : pool.getAccelerator().getKind();
    String precision = phase.getPrecision();
    if (TrainingPhase.PRECISION_CHIP.equals(precision)
        && !Accelerator.KIND_EDGE_CHIP.equals(kind)) {
      problems.add(
          new Problem(
              TrainingRunReasons.PRECISION_MISMATCH,
              "%s: precision Chip runs only on an EdgeChip pool, but HardwarePool '%s' is %s"
                  .formatted(where, phase.getPool(), kind == null ? "of no kind" : kind)));
    } else if (Accelerator.KIND_EDGE_CHIP.equals(kind)
        && precision != null
        && !TrainingPhase.PRECISION_CHIP.equals(precision)) {
      problems.add(
          new Problem(
              TrainingRunReasons.PRECISION_MISMATCH,
              ("%s: HardwarePool '%s' is an EdgeChip pool, which runs only precision Chip phases"
                      + " (the chip's integer arithmetic), not %s")
                  .formatted(where, phase.getPool(), precision)));
    }
    int capacity = Objects.requireNonNullElse(pool.getCapacity(), 0);
    int parallelism = Objects.requireNonNullElse(phase.getParallelism(), 1);
    if (capacity <= 0) {
      problems.add(
          new Problem(
              TrainingRunReasons.INSUFFICIENT_CAPACITY,
              "%s: HardwarePool '%s' has no capacity".formatted(where, phase.getPool())));
    } else if (parallelism > capacity) {
      problems.add(
          new Problem(
              TrainingRunReasons.INSUFFICIENT_CAPACITY,
              "%s: parallelism %d exceeds the capacity %d of HardwarePool '%s'"
                  .formatted(where, parallelism, capacity, phase.getPool())));
    }
  }

  private static String summary(List<TrainingPhase> phases, List<String> triggers, String release) {
    StringBuilder s = new StringBuilder("phases fit their pools (");
    s.append(
        phases.stream()
            .map(p -> p.getName() + " on " + p.getPool())
            .collect(Collectors.joining(", ")));
    s.append(")");
    if (!triggers.isEmpty()) {
      s.append("; DataTriggers ").append(String.join(", ", triggers)).append(" exist");
    }
    if (release != null) {
      s.append("; FleetRelease ").append(release).append(" exists");
    }
    return s.toString();
  }
}
