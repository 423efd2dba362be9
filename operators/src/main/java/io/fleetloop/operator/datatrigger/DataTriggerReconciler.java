package io.fleetloop.operator.datatrigger;

import io.fleetloop.api.v1alpha1.DataTrigger;
import io.fleetloop.api.v1alpha1.DataTriggerStatus;
import io.fleetloop.operator.common.OperatorContext;
import io.fleetloop.operator.common.ReconcileScope;
import io.fleetloop.operator.common.ReconcilerSupport;
import io.fleetloop.operator.common.StatusUpdate;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

/** DataTrigger: checks the spec and compiles the condition. */
public final class DataTriggerReconciler implements Reconciler<DataTrigger>, Cleaner<DataTrigger> {

  private final ReconcilerSupport<DataTrigger, DataTriggerStatus> support;
  private final TriggerCompilation compilation;

  public DataTriggerReconciler(OperatorContext operator, TriggerCompilation compilation) {
    this.support = new ReconcilerSupport<>(DataTrigger.KIND, DataTriggerStatus::new, operator);
    this.compilation = compilation;
  }

  @Override
  @SuppressWarnings("try") // the scope only sets the logging context
  public UpdateControl<DataTrigger> reconcile(DataTrigger trigger, Context<DataTrigger> context) {
    try (var scope = ReconcileScope.open(trigger)) {
      StatusUpdate<DataTriggerStatus> status = support.begin(trigger);
      if (support.rejectsInvalidSpec(trigger, status)) {
        return support.write(trigger, status);
      }
      TriggerCompilation.Outcome compiled = compilation.compile(trigger.getSpec().getCondition());
      status.set(compiled.compiled());
      status.set(compiled.ready());
      return support.write(trigger, status);
    }
  }

  @Override
  public ErrorStatusUpdateControl<DataTrigger> updateErrorStatus(
      DataTrigger trigger, Context<DataTrigger> context, Exception e) {
    return support.errorStatus(trigger, context, e);
  }

  @Override
  public DeleteControl cleanup(DataTrigger trigger, Context<DataTrigger> context) {
    return support.cleanup(trigger);
  }
}
