package io.fleetloop.operator.trainingrun;

import io.fleetloop.api.v1alpha1.TrainingRun;
import io.fleetloop.api.v1alpha1.TrainingRunStatus;
import io.fleetloop.operator.common.OperatorContext;
import io.fleetloop.operator.common.ReconcileScope;
import io.fleetloop.operator.common.ReconcilerSupport;
import io.fleetloop.operator.common.StatusUpdate;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.util.List;

/**
 * TrainingRun: checks the spec, resolves what it names (pools, triggers, release) and says honestly
 * that no scheduler admits it yet. Re-reconciled when a named pool, trigger or release appears,
 * changes or goes away.
 */
public final class TrainingRunReconciler implements Reconciler<TrainingRun>, Cleaner<TrainingRun> {

  private final ReconcilerSupport<TrainingRun, TrainingRunStatus> support;
  private final ReferenceWatch<TrainingRun> references =
      new ReferenceWatch<>(run -> ReferencedNames.of(run.getSpec()));

  public TrainingRunReconciler(OperatorContext operator) {
    this.support = new ReconcilerSupport<>(TrainingRun.KIND, TrainingRunStatus::new, operator);
  }

  @Override
  public List<EventSource<?, TrainingRun>> prepareEventSources(
      EventSourceContext<TrainingRun> context) {
    return references.eventSources(context);
  }

  @Override
  @SuppressWarnings("try") // the scope only sets the logging context
  public UpdateControl<TrainingRun> reconcile(TrainingRun run, Context<TrainingRun> context) {
    try (var scope = ReconcileScope.open(run)) {
      StatusUpdate<TrainingRunStatus> status = support.begin(run);
      if (support.rejectsInvalidSpec(run, status)) {
        return support.write(run, status);
      }
      String namespace = run.getMetadata().getNamespace();
      var resolution =
          ReferenceResolver.resolve(
              run.getSpec(), namespace, references.lookup(context, namespace));
      status.set(resolution.ready(""));
      status.set(Admission.noScheduler());
      return support.write(run, status);
    }
  }

  @Override
  public ErrorStatusUpdateControl<TrainingRun> updateErrorStatus(
      TrainingRun run, Context<TrainingRun> context, Exception e) {
    return support.errorStatus(run, context, e);
  }

  @Override
  public DeleteControl cleanup(TrainingRun run, Context<TrainingRun> context) {
    return support.cleanup(run);
  }
}
