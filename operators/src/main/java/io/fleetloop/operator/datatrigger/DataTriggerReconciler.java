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
import java.time.Duration;
import java.util.Optional;

/**
 * DataTrigger: checks the spec, compiles the condition, and — through the release channel —
 * distributes it with a canary (docs/release-channel.md):
 *
 * <ol>
 *   <li>the contract check ({@code Ready=False/InvalidSpec} stops here);
 *   <li>compilation ({@code Compiled}, and {@code Ready} that follows it);
 *   <li>distribution ({@link TriggerDistribution}): the release channel's figures into {@code
 *       devices}, {@code firings}, {@code uploads}; the canary into {@code rollout} and {@code
 *       Distributed}; reconciled again every {@link ReleaseChannelLink#refresh()} while a channel
 *       is configured.
 * </ol>
 */
public final class DataTriggerReconciler implements Reconciler<DataTrigger>, Cleaner<DataTrigger> {

  private final ReconcilerSupport<DataTrigger, DataTriggerStatus> support;
  private final TriggerCompilation compilation;
  private final Optional<TriggerDistribution> distribution;

  /**
   * Compilation only, without the distribution step: no {@code Distributed} condition, no figures
   * (for embedding the compiler alone). The operator uses {@link #DataTriggerReconciler(
   * OperatorContext, TriggerCompilation, ReleaseChannelLink)}, which says {@code
   * Distributed=Unknown} when no release channel is configured.
   */
  public DataTriggerReconciler(OperatorContext operator, TriggerCompilation compilation) {
    this(operator, compilation, Optional.empty());
  }

  /** Distributing through {@code channel} ({@link ReleaseChannelLink#none()}: no channel). */
  public DataTriggerReconciler(
      OperatorContext operator, TriggerCompilation compilation, ReleaseChannelLink channel) {
    this(operator, compilation, Optional.of(channel));
  }

  private DataTriggerReconciler(
      OperatorContext operator,
      TriggerCompilation compilation,
      Optional<ReleaseChannelLink> channel) {
    this.support = new ReconcilerSupport<>(DataTrigger.KIND, DataTriggerStatus::new, operator);
    this.compilation = compilation;
    this.distribution = channel.map(TriggerDistribution::new);
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
      Optional<Duration> refresh =
          distribution.flatMap(
              d ->
                  d.apply(
                      trigger, compiled.compiled().isTrue(), status, support.clock().instant()));
      UpdateControl<DataTrigger> control = support.write(trigger, status);
      return refresh.map(control::rescheduleAfter).orElse(control);
    }
  }

  @Override
  public ErrorStatusUpdateControl<DataTrigger> updateErrorStatus(
      DataTrigger trigger, Context<DataTrigger> context, Exception e) {
    return support.errorStatus(trigger, context, e);
  }

  @Override
  public DeleteControl cleanup(DataTrigger trigger, Context<DataTrigger> context) {
    distribution.ifPresent(d -> d.retired(trigger));
    return support.cleanup(trigger);
  }
}
