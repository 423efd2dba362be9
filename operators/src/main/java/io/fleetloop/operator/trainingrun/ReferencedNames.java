package io.fleetloop.operator.trainingrun;

import io.fleetloop.api.v1alpha1.DatasetSource;
import io.fleetloop.api.v1alpha1.PromotionSpec;
import io.fleetloop.api.v1alpha1.TrainingPhase;
import io.fleetloop.api.v1alpha1.TrainingRunSpec;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The names a TrainingRun spec refers to: the pools of its phases, the DataTriggers of its dataset
 * and the FleetRelease it promotes into. The operator indexes runs by these names, so that a
 * created or changed pool, trigger or release re-reconciles exactly the runs that name it.
 */
public record ReferencedNames(Set<String> pools, Set<String> triggers, Set<String> releases) {

  public static final ReferencedNames NONE = new ReferencedNames(Set.of(), Set.of(), Set.of());

  public ReferencedNames {
    pools = Set.copyOf(pools);
    triggers = Set.copyOf(triggers);
    releases = Set.copyOf(releases);
  }

  /** The names {@code spec} refers to; a spec with missing parts refers to fewer names. */
  public static ReferencedNames of(TrainingRunSpec spec) {
    if (spec == null) {
      return NONE;
    }
    Set<String> pools = new LinkedHashSet<>();
    for (TrainingPhase phase : Optional.ofNullable(spec.getPhases()).orElse(List.of())) {
      if (phase != null && phase.getPool() != null) {
        pools.add(phase.getPool());
      }
    }
    Set<String> triggers = new LinkedHashSet<>();
    Optional.ofNullable(spec.getDataset())
        .map(DatasetSource::getTriggers)
        .orElse(List.of())
        .stream()
        .filter(Objects::nonNull)
        .forEach(triggers::add);
    Set<String> releases =
        Optional.ofNullable(spec.getPromotion())
            .map(PromotionSpec::getRelease)
            .map(Set::of)
            .orElse(Set.of());
    return new ReferencedNames(pools, triggers, releases);
  }
}
