package io.fleetloop.operator.trainingrun;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fleetloop.api.v1alpha1.FleetRelease;
import io.fleetloop.api.v1alpha1.HardwarePool;
import io.fleetloop.api.v1alpha1.PromotionSpec;
import io.fleetloop.api.v1alpha1.ReleaseModel;
import io.fleetloop.api.v1alpha1.TrainingRun;
import io.fleetloop.api.v1alpha1.TrainingRunReasons;
import io.fleetloop.api.v1alpha1.TrainingRunStatus;
import io.fleetloop.operator.common.Finding;
import io.fleetloop.operator.common.OperatorContext;
import io.fleetloop.operator.common.ReconcileScope;
import io.fleetloop.operator.common.ReconcilerSupport;
import io.fleetloop.operator.common.StatusUpdate;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
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
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TrainingRun: checks the spec and resolves what it names, binds the dataset snapshot, then runs
 * the phases in order — each admitted on its pool by the {@link
 * io.fleetloop.operator.scheduling.PoolScheduler}, run as a batch/v1 Job, retried with backoff —
 * and registers the model version once its artifact is verified ({@link RunProgress}); then
 * validates it with a validator Job and promotes it into its FleetRelease ({@link RunValidation}).
 *
 * <p>Re-reconciled when a named pool, trigger or release changes, when one of its Jobs changes, and
 * when the scheduler moves it (admitted, preempted, queue position changed), and when its {@code
 * fleetloop.io/action} annotation changes (a Manual promotion's approval).
 */
public final class TrainingRunReconciler implements Reconciler<TrainingRun>, Cleaner<TrainingRun> {

  static final String JOBS = "training-jobs";
  static final String SCHEDULER = "pool-scheduler";
  static final String APPROVALS = "promotion-approvals";

  private static final Logger log = LoggerFactory.getLogger(TrainingRunReconciler.class);

  private final ReconcilerSupport<TrainingRun, TrainingRunStatus> support;
  private final TrainingRuntime runtime;
  private final ReferenceWatch<TrainingRun> references =
      new ReferenceWatch<>(run -> ReferencedNames.of(run.getSpec()));

  public TrainingRunReconciler(OperatorContext operator, TrainingRuntime runtime) {
    this.support = new ReconcilerSupport<>(TrainingRun.KIND, TrainingRunStatus::new, operator);
    this.runtime = runtime;
  }

  @Override
  public List<EventSource<?, TrainingRun>> prepareEventSources(
      EventSourceContext<TrainingRun> context) {
    List<EventSource<?, TrainingRun>> sources = new ArrayList<>(references.eventSources(context));
    sources.add(
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Job.class, TrainingRun.class)
                .withName(JOBS)
                .withNamespacesInheritedFromController()
                .withLabelSelector(TrainingJobs.COMPONENT_LABEL + "=" + TrainingJobs.COMPONENT)
                .build(),
            context));
    // a Manual promotion is approved by an annotation, which does not change the generation
    sources.add(
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(TrainingRun.class, TrainingRun.class)
                .withName(APPROVALS)
                .withNamespacesInheritedFromController()
                .withSecondaryToPrimaryMapper(r -> Set.of(ResourceID.fromResource(r)))
                .withOnAddFilter(r -> false)
                .withOnUpdateFilter((now, old) -> !Objects.equals(action(now), action(old)))
                .build(),
            context));
    SimpleInboundEventSource<TrainingRun> moved = new SimpleInboundEventSource<>(SCHEDULER);
    runtime
        .scheduler()
        .onChange(
            change ->
                change
                    .runs()
                    .forEach(
                        run -> {
                          int slash = run.indexOf('/');
                          moved.propagateEvent(
                              new ResourceID(run.substring(slash + 1), run.substring(0, slash)));
                        }));
    sources.add(moved);
    return sources;
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
      ReferenceLookup lookup = references.lookup(context, namespace);
      var resolution = ReferenceResolver.resolve(run.getSpec(), namespace, lookup);
      status.set(resolution.ready(""));
      if (RunProgress.terminal(status.status())) {
        runtime.scheduler().releaseRun(RunProgress.runId(run));
        return afterTraining(run, context, status, new RunProgress.Actions());
      }
      runtime
          .scheduler()
          .seedOnce(
              () ->
                  context
                      .getPrimaryCache()
                      .list()
                      .flatMap(r -> RunProgress.running(r).stream())
                      .toList());
      if (!resolution.resolved() && !started(status.status())) {
        status.set(
            Finding.pending(
                TrainingRunStatus.ADMITTED,
                TrainingRunReasons.NOT_READY,
                "not queued: the run's references do not resolve (see Ready)"));
        return support.write(run, status);
      }
      List<Job> jobs = new ArrayList<>(context.getSecondaryResources(Job.class));
      RunProgress.Actions actions =
          new RunProgress(
                  run,
                  status,
                  new RunProgress.Environment() {
                    @Override
                    public Optional<HardwarePool> pool(String name) {
                      return lookup.pool(name);
                    }

                    @Override
                    public List<Job> jobs() {
                      return jobs;
                    }

                    @Override
                    public Optional<String> registeredArtifact(String version) {
                      // a model version is registered by the TrainingRun of the same name
                      return context
                          .getPrimaryCache()
                          .get(new ResourceID(version, namespace))
                          .map(TrainingRun::getStatus)
                          .map(TrainingRunStatus::getModelVersion)
                          .filter(v -> version.equals(v.getName()) && v.getArtifact() != null)
                          .map(v -> v.getArtifact());
                    }
                  },
                  runtime.scheduler(),
                  runtime.datasets(),
                  runtime.store(),
                  runtime.events(),
                  runtime.settings(),
                  support.clock())
              .advance();
      apply(context, actions);
      if (RunProgress.terminal(status.status())) {
        return afterTraining(run, context, status, actions);
      }
      UpdateControl<TrainingRun> control = support.write(run, status);
      actions.rescheduleAfter().ifPresent(control::rescheduleAfter);
      return control;
    }
  }

  /** Validation and promotion of a registered model ({@link RunValidation}), then the write. */
  private UpdateControl<TrainingRun> afterTraining(
      TrainingRun run,
      Context<TrainingRun> context,
      StatusUpdate<TrainingRunStatus> status,
      RunProgress.Actions before) {
    RunProgress.Actions actions = before;
    if (RunValidation.applies(run, status.status())) {
      String namespace = run.getMetadata().getNamespace();
      actions =
          new RunValidation(
                  run,
                  status,
                  new ArrayList<>(context.getSecondaryResources(Job.class)),
                  new RunValidation.Releases() {
                    @Override
                    public Optional<FleetRelease> get(String name) {
                      return Optional.ofNullable(
                          context
                              .getClient()
                              .resources(FleetRelease.class)
                              .inNamespace(namespace)
                              .withName(name)
                              .get());
                    }

                    @Override
                    public void setModel(String name, ReleaseModel model) {
                      context
                          .getClient()
                          .resources(FleetRelease.class)
                          .inNamespace(namespace)
                          .withName(name)
                          .edit(
                              r -> {
                                r.getSpec().setModel(model);
                                return r;
                              });
                    }

                    @Override
                    public Optional<String> currentAction() {
                      return Optional.ofNullable(
                              context
                                  .getClient()
                                  .resources(TrainingRun.class)
                                  .inNamespace(namespace)
                                  .withName(run.getMetadata().getName())
                                  .get())
                          .map(TrainingRunReconciler::action);
                    }
                  },
                  runtime.store(),
                  runtime.events(),
                  runtime.settings(),
                  support.clock())
              .advance();
      apply(context, actions);
      before.rescheduleAfter().ifPresent(actions::after);
    }
    UpdateControl<TrainingRun> control = support.write(run, status);
    actions.rescheduleAfter().ifPresent(control::rescheduleAfter);
    return control;
  }

  private static String action(TrainingRun run) {
    var annotations = run.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(PromotionSpec.ACTION_ANNOTATION);
  }

  private static boolean started(TrainingRunStatus status) {
    return status.getDatasetSnapshot() != null;
  }

  private void apply(Context<TrainingRun> context, RunProgress.Actions actions) {
    for (Job job : actions.delete()) {
      context.getClient().resource(job).delete();
    }
    for (Job job : actions.create()) {
      try {
        context.getClient().resource(job).create();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        log.debug("Job {} exists already", job.getMetadata().getName());
      }
    }
  }

  @Override
  public ErrorStatusUpdateControl<TrainingRun> updateErrorStatus(
      TrainingRun run, Context<TrainingRun> context, Exception e) {
    return support.errorStatus(run, context, e);
  }

  @Override
  public DeleteControl cleanup(TrainingRun run, Context<TrainingRun> context) {
    runtime.scheduler().releaseRun(RunProgress.runId(run));
    // owner references delete the Jobs on a real cluster; the in-memory API server has no GC
    context
        .getClient()
        .batch()
        .v1()
        .jobs()
        .inNamespace(run.getMetadata().getNamespace())
        .withLabel(TrainingJobs.RUN_LABEL, run.getMetadata().getName())
        .delete();
    return support.cleanup(run);
  }
}
