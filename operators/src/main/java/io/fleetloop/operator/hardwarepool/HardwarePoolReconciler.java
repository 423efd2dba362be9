package io.fleetloop.operator.hardwarepool;

import io.fleetloop.api.v1alpha1.HardwarePool;
import io.fleetloop.api.v1alpha1.HardwarePoolStatus;
import io.fleetloop.operator.common.OperatorContext;
import io.fleetloop.operator.common.ReconcileScope;
import io.fleetloop.operator.common.ReconcilerSupport;
import io.fleetloop.operator.common.StatusUpdate;
import io.fleetloop.operator.scheduling.PoolPolicy;
import io.fleetloop.operator.scheduling.PoolScheduler;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import java.util.List;

/**
 * HardwarePool (cluster-scoped): checks the spec, hands its capacity and queueing policy to the
 * {@link PoolScheduler}, and shows what the scheduler allocated and who waits, in order.
 * Re-reconciled whenever the scheduler's figures for the pool change.
 */
public final class HardwarePoolReconciler
    implements Reconciler<HardwarePool>, Cleaner<HardwarePool> {

  private final ReconcilerSupport<HardwarePool, HardwarePoolStatus> support;
  private final PoolScheduler scheduler;

  public HardwarePoolReconciler(OperatorContext operator, PoolScheduler scheduler) {
    this.support = new ReconcilerSupport<>(HardwarePool.KIND, HardwarePoolStatus::new, operator);
    this.scheduler = scheduler;
  }

  @Override
  public List<EventSource<?, HardwarePool>> prepareEventSources(
      EventSourceContext<HardwarePool> context) {
    SimpleInboundEventSource<HardwarePool> changed = new SimpleInboundEventSource<>("pool-figures");
    scheduler.onChange(
        change -> change.pools().forEach(p -> changed.propagateEvent(new ResourceID(p))));
    return List.of(changed);
  }

  @Override
  @SuppressWarnings("try") // the scope only sets the logging context
  public UpdateControl<HardwarePool> reconcile(HardwarePool pool, Context<HardwarePool> context) {
    try (var scope = ReconcileScope.open(pool)) {
      StatusUpdate<HardwarePoolStatus> status = support.begin(pool);
      if (support.rejectsInvalidSpec(pool, status)) {
        return support.write(pool, status);
      }
      String name = pool.getMetadata().getName();
      scheduler.updatePool(name, PoolPolicy.of(pool.getSpec()));
      PoolScheduler.PoolView view = scheduler.view(name);
      PoolAccounting.account(pool.getSpec(), view, status.status());
      status.set(PoolAccounting.ready(pool.getSpec(), view));
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
