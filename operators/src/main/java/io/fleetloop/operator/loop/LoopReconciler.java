package io.fleetloop.operator.loop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fleetloop.api.common.ConditionTypes;
import io.fleetloop.api.v1alpha1.DataTrigger;
import io.fleetloop.api.v1alpha1.FleetRelease;
import io.fleetloop.api.v1alpha1.FleetReleaseStatus;
import io.fleetloop.api.v1alpha1.LoopSpec;
import io.fleetloop.api.v1alpha1.LoopStatus;
import io.fleetloop.api.v1alpha1.TrainingRun;
import io.fleetloop.api.v1alpha1.TrainingRunSpec;
import io.fleetloop.operator.common.Finding;
import io.fleetloop.operator.common.OperatorContext;
import io.fleetloop.operator.common.ReconcileScope;
import io.fleetloop.operator.common.StatusUpdate;
import io.fleetloop.operator.fleetrelease.ExposureReadings;
import io.fleetloop.operator.fleetrelease.ReleaseStatsSource;
import io.fleetloop.operator.trainingrun.Datasets;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop controller: for a FleetRelease with {@code spec.loop}, starts the next generation's
 * TrainingRun ({@code <release>-g<N>}) when no generation is in progress and the curator counts
 * enough new labelled samples, and points the {@code <release>-focus} DataTrigger at the condition
 * group where the promoted model intervenes most. Writes only {@code status.loop} (a JSON merge
 * patch), records its decisions in the audit log as the release's {@code Loop} and {@code
 * LoopFocus} conditions, and looks again every {@code refresh}. See docs/loop-controller.md.
 *
 * <p>Idempotent: the generation number comes from the runs listed from the API server (not a
 * cache), the name is deterministic, and creating a run that exists is a no-op.
 */
public final class LoopReconciler implements Reconciler<FleetRelease> {

  /** Audit condition type of the loop's decision (not written to status.conditions). */
  public static final String LOOP = "Loop";

  /** Audit condition type of the focus trigger's target. */
  public static final String LOOP_FOCUS = "LoopFocus";

  static final String RUNS = "loop-trainingruns";

  private static final Logger log = LoggerFactory.getLogger(LoopReconciler.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final OperatorContext operator;
  private final Datasets datasets;
  private final ReleaseStatsSource stats;
  private final Duration refresh;
  private final FocusPlan focus;

  /**
   * @param datasets the curator (pending samples)
   * @param stats the release channel's exposure (the focus); {@link
   *     ReleaseStatsSource#notConfigured} leaves the focus trigger alone
   * @param refresh how often a release with a loop is looked at again
   * @param focus how the focus is chosen
   */
  public LoopReconciler(
      OperatorContext operator,
      Datasets datasets,
      ReleaseStatsSource stats,
      Duration refresh,
      FocusPlan focus) {
    this.operator = Objects.requireNonNull(operator, "operator");
    this.datasets = Objects.requireNonNull(datasets, "datasets");
    this.stats = Objects.requireNonNull(stats, "stats");
    this.refresh = Objects.requireNonNull(refresh, "refresh");
    this.focus = Objects.requireNonNull(focus, "focus");
  }

  @Override
  public List<EventSource<?, FleetRelease>> prepareEventSources(
      EventSourceContext<FleetRelease> context) {
    // a loop run that changes (finishes) wakes its release at once
    InformerEventSource<TrainingRun, FleetRelease> runs =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(TrainingRun.class, FleetRelease.class)
                .withName(RUNS)
                .withNamespacesInheritedFromController()
                .withLabelSelector(LoopRuns.RELEASE_LABEL)
                .withSecondaryToPrimaryMapper(LoopReconciler::owningRelease)
                .build(),
            context);
    return List.of(runs);
  }

  static Set<ResourceID> owningRelease(HasMetadata run) {
    var labels = run.getMetadata().getLabels();
    String release = labels == null ? null : labels.get(LoopRuns.RELEASE_LABEL);
    return release == null
        ? Set.of()
        : Set.of(new ResourceID(release, run.getMetadata().getNamespace()));
  }

  @Override
  @SuppressWarnings("try") // the scope only sets the logging context
  public UpdateControl<FleetRelease> reconcile(FleetRelease release, Context<FleetRelease> ctx) {
    LoopSpec loop = release.getSpec() == null ? null : release.getSpec().getLoop();
    if (loop == null || loop.getRetrainWhenNewSamples() == null) {
      if (release.getStatus() != null && release.getStatus().getLoop() != null) {
        try (var scope = ReconcileScope.open(release)) {
          unloop(release, ctx.getClient());
        }
      }
      return UpdateControl.noUpdate();
    }
    try (var scope = ReconcileScope.open(release)) {
      look(release, loop, ctx.getClient());
      return UpdateControl.<FleetRelease>noUpdate().rescheduleAfter(refresh);
    }
  }

  /**
   * {@code spec.loop} was removed: the focus trigger the loop made is deleted (so the fleet stops
   * collecting for a loop that is gone), then {@code status.loop} is removed. Runs the loop created
   * stay (they are the release's history); a run in progress finishes.
   */
  private void unloop(FleetRelease release, KubernetesClient client) {
    boolean deleted = FocusTrigger.remove(client, release);
    StatusUpdate<FleetReleaseStatus> audit =
        StatusUpdate.of(release, FleetReleaseStatus::new, operator.clock());
    audit.set(
        new Finding(
            LOOP,
            ConditionTypes.FALSE,
            LoopStatus.REASON_NOT_CONFIGURED,
            "spec.loop was removed: no further generation is started"
                + (deleted
                    ? "; DataTrigger "
                        + FocusTrigger.name(release.getMetadata().getName())
                        + " deleted"
                    : ""),
            Finding.Severity.NORMAL));
    operator.audit().record(FleetRelease.KIND, release, audit);
    patchLoop(client, release, JSON.nullNode());
    log.info("spec.loop removed: status.loop cleared");
  }

  private void look(FleetRelease release, LoopSpec loop, KubernetesClient client) {
    String ns = release.getMetadata().getNamespace();
    String name = release.getMetadata().getName();
    FleetReleaseStatus status = release.getStatus();
    LoopStatus before = status == null ? null : status.getLoop();
    String stable = status == null ? null : status.getStableVersion();
    TrainingRunSpec template = loop.getTrainingTemplate();

    // from the API server, not a cache: a run created by the previous look is always seen
    List<TrainingRun> runs =
        client
            .resources(TrainingRun.class)
            .inNamespace(ns)
            .withLabel(LoopRuns.RELEASE_LABEL, name)
            .list()
            .getItems();
    List<GenerationPlan.Run> views = new ArrayList<>();
    runs.forEach(r -> LoopRuns.view(r).ifPresent(views::add));

    Optional<DataTrigger> focusTrigger = FocusTrigger.current(client, release);
    Optional<FocusPlan.Focus> chosen = adjustFocus(client, release, runs, stable, focusTrigger);
    String focusCondition =
        chosen
            .map(FocusPlan.Focus::condition)
            .or(() -> focusTrigger.map(t -> t.getSpec().getCondition()))
            .orElse(null);
    boolean focusExists = focusTrigger.isPresent() || chosen.isPresent();

    GenerationPlan.Decision decision;
    List<String> triggers =
        template == null
            ? List.of()
            : LoopRuns.triggers(template, focusExists ? FocusTrigger.name(name) : null);
    if (triggers.isEmpty()) {
      decision =
          new GenerationPlan.Wait(
              LoopStatus.REASON_NOT_CONFIGURED,
              "spec.loop.trainingTemplate.dataset.triggers",
              null,
              "the loop counts new samples of the template's dataset.triggers, and it has none");
    } else {
      Optional<String> rollingOut = LoopRuns.rollingOut(release);
      boolean busy = views.stream().anyMatch(v -> !v.finished()) || rollingOut.isPresent();
      int recorded = before == null || before.getGeneration() == null ? 0 : before.getGeneration();
      decision =
          GenerationPlan.decide(
              name,
              loop.getRetrainWhenNewSamples(),
              views,
              recorded,
              rollingOut,
              busy ? Optional.empty() : Optional.of(pending(ns, triggers)));
    }
    if (decision instanceof GenerationPlan.Start start) {
      create(
          client, LoopRuns.newRun(release, start.runName(), start.generation(), stable, triggers));
    }
    LoopStatus after = next(before, decision, views, focusCondition, chosen, stable);
    StatusUpdate<FleetReleaseStatus> audit =
        StatusUpdate.of(release, FleetReleaseStatus::new, operator.clock());
    audit.set(loopFinding(decision));
    if (focusCondition != null) {
      audit.set(
          new Finding(
              LOOP_FOCUS,
              ConditionTypes.TRUE,
              "FocusChosen",
              "DataTrigger " + FocusTrigger.name(name) + " targets " + focusCondition,
              Finding.Severity.NORMAL));
    }
    // recorded before the status that shows it is written
    operator.audit().record(FleetRelease.KIND, release, audit);
    writeIfChanged(client, release, before, after);
  }

  private GenerationPlan.Pending pending(String ns, List<String> triggers) {
    List<String> ids = triggers.stream().map(t -> "datatrigger/" + ns + "/" + t).toList();
    try {
      return new GenerationPlan.Count(datasets.pendingSamples(ids));
    } catch (Datasets.UnavailableException e) {
      return new GenerationPlan.Unavailable(e.getMessage());
    }
  }

  private void create(KubernetesClient client, TrainingRun run) {
    try {
      client.resource(run).create();
      log.info(
          "created TrainingRun {} (generation {}, base {})",
          run.getMetadata().getName(),
          run.getMetadata().getLabels().get(LoopRuns.GENERATION_LABEL),
          run.getSpec().getModel().getBaseVersion());
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      log.info("TrainingRun {} exists already: not created again", run.getMetadata().getName());
    }
  }

  /**
   * After a loop generation became the stable version, points the focus trigger at the condition
   * group with the highest intervention rate; the focus chosen, or empty (nothing measured yet, no
   * release channel, no loop generation stable).
   */
  private Optional<FocusPlan.Focus> adjustFocus(
      KubernetesClient client,
      FleetRelease release,
      List<TrainingRun> runs,
      String stable,
      Optional<DataTrigger> existing) {
    boolean loopModelStable =
        stable != null
            && runs.stream().anyMatch(r -> stable.equals(LoopRuns.producedVersion(r).orElse(null)));
    if (!loopModelStable) {
      return Optional.empty();
    }
    ReleaseStatsSource.Answer answer = stats.fetch(List.of(stable));
    if (!(answer instanceof ReleaseStatsSource.Readings readings)) {
      log.debug("no exposure of {} to choose a focus from: {}", stable, answer);
      return Optional.empty();
    }
    Optional<FocusPlan.Focus> chosen =
        focus.choose(
            readings.readings().byCondition(stable, ExposureReadings.DRIVING),
            existing.map(t -> t.getSpec().getCondition()).orElse(null));
    chosen.ifPresent(
        f -> {
          if (FocusTrigger.ensure(client, release, existing, f.condition())) {
            log.info(
                "focus of {} is {}: {} interventions in {} km ({} per 1,000 km)",
                stable,
                f.group(),
                f.interventions(),
                Math.round(f.km()),
                String.format(java.util.Locale.ROOT, "%.2f", f.ratePer1000Km()));
          }
        });
    return chosen;
  }

  private LoopStatus next(
      LoopStatus before,
      GenerationPlan.Decision decision,
      List<GenerationPlan.Run> views,
      String focusCondition,
      Optional<FocusPlan.Focus> chosen,
      String stable) {
    LoopStatus s = new LoopStatus();
    int newest = views.stream().mapToInt(GenerationPlan.Run::generation).max().orElse(0);
    String newestRun =
        views.stream()
            .filter(v -> v.generation() == newest)
            .map(GenerationPlan.Run::name)
            .findFirst()
            .orElse(null);
    if (before != null && before.getGeneration() != null && before.getGeneration() > newest) {
      s.withGeneration(before.getGeneration()).withLastRun(before.getLastRun());
    } else if (newest > 0) {
      s.withGeneration(newest).withLastRun(newestRun);
    }
    if (decision instanceof GenerationPlan.Start start) {
      s.withGeneration(start.generation()).withLastRun(start.runName());
      s.withPendingSamples(start.pending());
    } else if (decision instanceof GenerationPlan.Wait wait) {
      s.withWaitingFor(wait.waitingFor()).withPendingSamples(wait.pending());
    }
    s.withReason(decision.reason()).withFocusCondition(focusCondition);
    if (chosen.isPresent()) {
      s.withFocusVersion(stable);
    } else if (before != null && focusCondition != null) {
      s.withFocusVersion(before.getFocusVersion());
    }
    boolean sameDecision =
        before != null
            && Objects.equals(before.getReason(), s.getReason())
            && Objects.equals(before.getGeneration(), s.getGeneration());
    s.withLastTransitionTime(
        sameDecision && before.getLastTransitionTime() != null
            ? before.getLastTransitionTime()
            : operator.clock().instant().toString());
    return s;
  }

  private static Finding loopFinding(GenerationPlan.Decision d) {
    String status =
        switch (d.reason()) {
          case LoopStatus.REASON_GENERATION_STARTED,
              LoopStatus.REASON_GENERATION_IN_PROGRESS,
              LoopStatus.REASON_ROLLOUT_IN_PROGRESS ->
              ConditionTypes.TRUE;
          case LoopStatus.REASON_CURATOR_UNAVAILABLE -> ConditionTypes.UNKNOWN;
          default -> ConditionTypes.FALSE;
        };
    return new Finding(LOOP, status, d.reason(), d.message(), Finding.Severity.NORMAL);
  }

  private void writeIfChanged(
      KubernetesClient client, FleetRelease release, LoopStatus before, LoopStatus after) {
    JsonNode was = before == null ? JSON.createObjectNode() : JSON.valueToTree(before);
    ObjectNode now = JSON.valueToTree(after);
    if (was.equals(now)) {
      return;
    }
    // merge patch of status.loop alone: the rollout's own fields are never touched
    ObjectNode patch = now.deepCopy();
    was.fieldNames().forEachRemaining(f -> patch.putIfAbsent(f, JSON.nullNode()));
    patchLoop(client, release, patch);
    if (!Objects.equals(before == null ? null : before.getReason(), after.getReason())) {
      log.info("loop: {} ({})", after.getReason(), describe(after));
    }
  }

  /** A JSON merge patch of {@code status.loop} alone: the rollout's fields are never touched. */
  private static void patchLoop(KubernetesClient client, FleetRelease release, JsonNode loop) {
    ObjectNode body = JSON.createObjectNode();
    body.putObject("status").set("loop", loop);
    client
        .resources(FleetRelease.class)
        .inNamespace(release.getMetadata().getNamespace())
        .withName(release.getMetadata().getName())
        .subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), body.toString());
  }

  private static String describe(LoopStatus s) {
    return s.getWaitingFor() != null
        ? "waiting for " + s.getWaitingFor()
        : "generation " + s.getGeneration() + ", TrainingRun " + s.getLastRun();
  }
}
