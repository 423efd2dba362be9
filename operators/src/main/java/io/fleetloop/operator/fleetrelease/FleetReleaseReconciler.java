package io.fleetloop.operator.fleetrelease;

import io.fleetloop.api.common.ConditionTypes;
import io.fleetloop.api.v1alpha1.FleetRelease;
import io.fleetloop.api.v1alpha1.FleetReleaseStatus;
import io.fleetloop.api.v1alpha1.LoopSpec;
import io.fleetloop.api.v1alpha1.TrainingRunReasons;
import io.fleetloop.api.v1alpha1.TrainingRunSpec;
import io.fleetloop.operator.common.Finding;
import io.fleetloop.operator.common.OperatorContext;
import io.fleetloop.operator.common.ReconcileScope;
import io.fleetloop.operator.common.ReconcilerSupport;
import io.fleetloop.operator.common.StatusUpdate;
import io.fleetloop.operator.trainingrun.ReferenceResolver;
import io.fleetloop.operator.trainingrun.ReferenceWatch;
import io.fleetloop.operator.trainingrun.ReferencedNames;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.util.List;
import java.util.Optional;

/**
 * FleetRelease: checks the spec and its training template's references, says honestly that nothing
 * rolls it out yet, and answers the {@code fleetloop.io/action} annotation.
 *
 * <p>Registered without generation-aware filtering: the action annotation is metadata and does not
 * bump the generation.
 */
public final class FleetReleaseReconciler
    implements Reconciler<FleetRelease>, Cleaner<FleetRelease> {

  static final String TEMPLATE = "loop.trainingTemplate: ";

  private final ReconcilerSupport<FleetRelease, FleetReleaseStatus> support;
  private final ReferenceWatch<FleetRelease> references =
      new ReferenceWatch<>(release -> ReferencedNames.of(template(release).orElse(null)));

  public FleetReleaseReconciler(OperatorContext operator) {
    this.support = new ReconcilerSupport<>(FleetRelease.KIND, FleetReleaseStatus::new, operator);
  }

  @Override
  public List<EventSource<?, FleetRelease>> prepareEventSources(
      EventSourceContext<FleetRelease> context) {
    return references.eventSources(context);
  }

  @Override
  @SuppressWarnings("try") // the scope only sets the logging context
  public UpdateControl<FleetRelease> reconcile(
      FleetRelease release, Context<FleetRelease> context) {
    try (var scope = ReconcileScope.open(release)) {
      StatusUpdate<FleetReleaseStatus> status = support.begin(release);
      if (support.rejectsInvalidSpec(release, status)) {
        answerAction(release, status);
        return support.write(release, status);
      }
      status.set(resolveTemplate(release, context));
      status.set(Rollout.notProgressing(release.getSpec()));
      answerAction(release, status);
      return support.write(release, status);
    }
  }

  private Finding resolveTemplate(FleetRelease release, Context<FleetRelease> context) {
    Optional<TrainingRunSpec> template = template(release);
    if (template.isEmpty()) {
      return Finding.satisfied(
          ConditionTypes.READY,
          TrainingRunReasons.REFERENCES_RESOLVED,
          "the spec is valid; it has no training template naming other objects");
    }
    String namespace = release.getMetadata().getNamespace();
    return ReferenceResolver.resolve(
            template.get(), namespace, references.lookup(context, namespace))
        .ready(TEMPLATE);
  }

  private static void answerAction(FleetRelease release, StatusUpdate<FleetReleaseStatus> status) {
    ActionRequest.read(release.getMetadata().getAnnotations())
        .ifPresentOrElse(status::set, () -> status.remove(ActionRequest.CONDITION));
  }

  private static Optional<TrainingRunSpec> template(FleetRelease release) {
    return Optional.ofNullable(release.getSpec())
        .map(s -> s.getLoop())
        .map(LoopSpec::getTrainingTemplate);
  }

  @Override
  public ErrorStatusUpdateControl<FleetRelease> updateErrorStatus(
      FleetRelease release, Context<FleetRelease> context, Exception e) {
    return support.errorStatus(release, context, e);
  }

  @Override
  public DeleteControl cleanup(FleetRelease release, Context<FleetRelease> context) {
    return support.cleanup(release);
  }
}
