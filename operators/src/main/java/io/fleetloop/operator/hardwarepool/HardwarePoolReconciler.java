package io.fleetloop.operator.hardwarepool;

import io.fleetloop.api.v1alpha1.HardwarePool;
import io.fleetloop.api.v1alpha1.HardwarePoolStatus;
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

/** HardwarePool (cluster-scoped): checks the spec and accounts its capacity. */
public final class HardwarePoolReconciler
    implements Reconciler<HardwarePool>, Cleaner<HardwarePool> {

  private final ReconcilerSupport<HardwarePool, HardwarePoolStatus> support;

  public HardwarePoolReconciler(OperatorContext operator) {
    this.support = new ReconcilerSupport<>(HardwarePool.KIND, HardwarePoolStatus::new, operator);
  }

  @Override
  @SuppressWarnings("try") // the scope only sets the logging context
  public UpdateControl<HardwarePool> reconcile(HardwarePool pool, Context<HardwarePool> context) {
    try (var scope = ReconcileScope.open(pool)) {
      StatusUpdate<HardwarePoolStatus> status = support.begin(pool);
      if (support.rejectsInvalidSpec(pool, status)) {
        return support.write(pool, status);
      }
      PoolAccounting.account(pool.getSpec(), status.status());
      status.set(PoolAccounting.ready(pool.getSpec()));
      return support.write(pool, status);
    }
  }

  @Override
  public ErrorStatusUpdateControl<HardwarePool> updateErrorStatus(
      HardwarePool pool, Context<HardwarePool> context, Exception e) {
    return support.errorStatus(pool, context, e);
  }

  @Override
  public DeleteControl cleanup(HardwarePool pool, Context<HardwarePool> context) {
    return support.cleanup(pool);
  }
}
