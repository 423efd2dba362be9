package io.fleetloop.operator.loop;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fleetloop.api.common.ConditionTypes;
import io.fleetloop.api.v1alpha1.DatasetSource;
import io.fleetloop.api.v1alpha1.FleetRelease;
import io.fleetloop.api.v1alpha1.GenerationRecord;
import io.fleetloop.api.v1alpha1.ModelRef;
import io.fleetloop.api.v1alpha1.PromotionSpec;
import io.fleetloop.api.v1alpha1.TrainingRun;
import io.fleetloop.api.v1alpha1.TrainingRunSpec;
import io.fleetloop.api.v1alpha1.TrainingRunStatus;
import io.fleetloop.operator.common.Ownership;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The TrainingRuns of a release's loop: how one is made from {@code spec.loop.trainingTemplate},
 * and whether one is finished. Side-effect free.
 */
public final class LoopRuns {

  /** Label (and owner) naming the FleetRelease whose loop made a run. */
  public static final String RELEASE_LABEL = "fleetloop.io/release";

  /** Label carrying the generation number of a run, e.g. {@code 2}. */
  public static final String GENERATION_LABEL = "fleetloop.io/generation";

  private LoopRuns() {}

  /**
   * Finished: {@code Failed=True}, {@code Validated=False} (gates failed), {@code Promoted=True},
   * or {@code Succeeded=True} for a run that neither validates nor promotes. A run that awaits a
   * Manual approval is not finished: the loop waits for that decision.
   */
  public static boolean finished(TrainingRun run) {
    TrainingRunStatus s = run.getStatus();
    if (s == null) {
      return false;
    }
    if (is(s, TrainingRunStatus.FAILED, ConditionTypes.TRUE)
        || is(s, TrainingRunStatus.VALIDATED, ConditionTypes.FALSE)
        || is(s, TrainingRunStatus.PROMOTED, ConditionTypes.TRUE)) {
      return true;
    }
    TrainingRunSpec spec = run.getSpec();
    boolean plain = spec == null || (spec.getValidation() == null && spec.getPromotion() == null);
    return plain && is(s, TrainingRunStatus.SUCCEEDED, ConditionTypes.TRUE);
  }

  /** The plan's view of {@code run}; empty when its generation label is missing or not a number. */
  public static Optional<GenerationPlan.Run> view(TrainingRun run) {
    Map<String, String> labels = run.getMetadata().getLabels();
    String g = labels == null ? null : labels.get(GENERATION_LABEL);
    if (g == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new GenerationPlan.Run(
              run.getMetadata().getName(), Integer.parseInt(g.trim()), finished(run)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * The version the release is still rolling out, if any: {@code status.candidateVersion} when it
   * is not the stable one, or {@code spec.model.version} when it differs from the stable version
   * and the history has no final outcome for it yet (a promotion patched the spec and the rollout
   * has not picked it up). A rolled back, aborted or undone candidate is over; a frozen one is not
   * (it waits for a person).
   */
  public static Optional<String> rollingOut(FleetRelease release) {
    var status = release.getStatus();
    String stable = status == null ? null : status.getStableVersion();
    if (stable == null) {
      return Optional.empty();
    }
    if (status.getCandidateVersion() != null && !status.getCandidateVersion().equals(stable)) {
      return Optional.of(status.getCandidateVersion());
    }
    String wanted =
        release.getSpec() == null || release.getSpec().getModel() == null
            ? null
            : release.getSpec().getModel().getVersion();
    if (wanted == null || wanted.equals(stable)) {
      return Optional.empty();
    }
    boolean over =
        status.getHistory() != null
            && status.getHistory().stream()
                .anyMatch(
                    h ->
                        wanted.equals(h.getVersion())
                            && List.of(
                                    GenerationRecord.OUTCOME_ROLLED_BACK,
                                    GenerationRecord.OUTCOME_ABORTED,
                                    GenerationRecord.OUTCOME_UNDONE)
                                .contains(h.getOutcome()));
    return over ? Optional.empty() : Optional.of(wanted);
  }

  /** The model version a finished run produced, if any. */
  public static Optional<String> producedVersion(TrainingRun run) {
    return Optional.ofNullable(run.getStatus())
        .map(TrainingRunStatus::getModelVersion)
        .map(v -> v.getName());
  }

  /**
   * The dataset triggers of a generation: the template's, plus {@code focusTrigger} when given and
   * not listed already.
   */
  public static List<String> triggers(TrainingRunSpec template, String focusTrigger) {
    List<String> out = new ArrayList<>();
    if (template.getDataset() != null && template.getDataset().getTriggers() != null) {
      out.addAll(template.getDataset().getTriggers());
    }
    if (focusTrigger != null && !out.isEmpty() && !out.contains(focusTrigger)) {
      out.add(focusTrigger);
    }
    return out;
  }

  /**
   * Generation {@code generation}'s TrainingRun {@code name}: a deep copy of the template with
   * {@code model.baseVersion} = {@code stableVersion} (the template's when there is no stable
   * version yet), {@code promotion.release} = the release (policy from the template, else {@code
   * Manual}), {@code dataset.triggers} = {@code triggers}; labelled and owned by the release.
   */
  public static TrainingRun newRun(
      FleetRelease release,
      String name,
      int generation,
      String stableVersion,
      List<String> triggers) {
    TrainingRunSpec template =
        Objects.requireNonNull(
            release.getSpec().getLoop().getTrainingTemplate(), "spec.loop.trainingTemplate");
    TrainingRunSpec spec = Serialization.clone(template);
    ModelRef model = spec.getModel() == null ? new ModelRef() : spec.getModel();
    if (stableVersion != null) {
      model.setBaseVersion(stableVersion);
    }
    spec.setModel(model);
    PromotionSpec promotion =
        spec.getPromotion() == null ? new PromotionSpec() : spec.getPromotion();
    promotion.setRelease(release.getMetadata().getName());
    spec.setPromotion(promotion);
    DatasetSource dataset = spec.getDataset() == null ? new DatasetSource() : spec.getDataset();
    if (!triggers.isEmpty()) {
      dataset.setTriggers(List.copyOf(triggers));
    }
    spec.setDataset(dataset);

    TrainingRun run = new TrainingRun();
    run.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(release.getMetadata().getNamespace())
            .addToLabels(RELEASE_LABEL, release.getMetadata().getName())
            .addToLabels(GENERATION_LABEL, Integer.toString(generation))
            .withOwnerReferences(Ownership.referenceTo(release, false))
            .build());
    run.setSpec(spec);
    return run;
  }

  private static boolean is(TrainingRunStatus s, String type, String status) {
    return s.condition(type).map(c -> status.equals(c.getStatus())).orElse(false);
  }
}
