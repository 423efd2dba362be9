package io.fleetloop.operator.fleetrelease;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fleetloop.api.common.ConditionTypes;
import io.fleetloop.api.v1alpha1.DataTrigger;
import io.fleetloop.api.v1alpha1.FleetRelease;
import io.fleetloop.api.v1alpha1.FleetReleaseStatus;
import io.fleetloop.api.v1alpha1.LoopSpec;
import io.fleetloop.api.v1alpha1.ReleaseModel;
import io.fleetloop.api.v1alpha1.TrainingRunReasons;
import io.fleetloop.api.v1alpha1.TrainingRunSpec;
import io.fleetloop.audit.client.Outcome;
import io.fleetloop.audit.client.Recorded;
import io.fleetloop.operator.common.Finding;
import io.fleetloop.operator.common.OperatorContext;
import io.fleetloop.operator.common.Ownership;
import io.fleetloop.operator.common.ReconcileScope;
import io.fleetloop.operator.common.ReconcilerSupport;
import io.fleetloop.operator.common.StatusUpdate;
import io.fleetloop.operator.trainingrun.ArtifactStore;
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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FleetRelease: checks the spec and its training template's references, verifies a new candidate's
 * digest against the object store, and rolls it out in stages ({@link RolloutMachine},
 * docs/rollout.md) from the exposure the release channel aggregates ({@code ReleaseStats}). Every
 * decision is recorded in the audit log before the status is written; the status carries the state,
 * so a restarted operator resumes the same stage.
 *
 * <p>Registered without generation-aware filtering: the action annotation is metadata and does not
 * bump the generation.
 */
public final class FleetReleaseReconciler
    implements Reconciler<FleetRelease>, Cleaner<FleetRelease> {

  static final String TEMPLATE = "loop.trainingTemplate: ";

  private static final Logger log = LoggerFactory.getLogger(FleetReleaseReconciler.class);

  private final ReconcilerSupport<FleetRelease, FleetReleaseStatus> support;
  private final RolloutLink link;
  private final ArtifactStore artifacts;
  private final RolloutMachine machine = new RolloutMachine();

  /** Digest checks by "version artifact digest": empty when verified, else why not. */
  private final Map<String, Optional<String>> verified = new ConcurrentHashMap<>();

  private final ReferenceWatch<FleetRelease> references =
      new ReferenceWatch<>(release -> ReferencedNames.of(template(release).orElse(null)));

  /** Without a release channel or object store: Progressing=Unknown, nothing rolls out. */
  public FleetReleaseReconciler(OperatorContext operator) {
    this(operator, RolloutLink.none(), ArtifactStore.none());
  }

  /**
   * Rolling out through {@code link}; candidates' digests are checked in {@code artifacts} (not
   * checked when it is {@link ArtifactStore#none()}).
   */
  public FleetReleaseReconciler(
      OperatorContext operator, RolloutLink link, ArtifactStore artifacts) {
    this.support = new ReconcilerSupport<>(FleetRelease.KIND, FleetReleaseStatus::new, operator);
    this.link = link;
    this.artifacts = artifacts;
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
        return write(release, status, context);
      }
      Finding ready = resolveTemplate(release, context);
      Optional<String> blocked = checkCandidate(release);
      if (blocked.isPresent() && ready.isTrue()) {
        ready = blocked.map(b -> Finding.failed(ConditionTypes.READY, reasonOf(b), b)).get();
      }
      status.set(ready);
      return rollout(release, status, context, blocked.map(b -> b.substring(b.indexOf(':') + 2)));
    }
  }

  private UpdateControl<FleetRelease> rollout(
      FleetRelease release,
      StatusUpdate<FleetReleaseStatus> status,
      Context<FleetRelease> context,
      Optional<String> blocked) {
    FleetReleaseStatus s = status.status();
    List<String> versions = new java.util.ArrayList<>();
    if (s.getStableVersion() != null) {
      versions.add(s.getStableVersion());
    }
    if (!versions.contains(release.getSpec().getModel().getVersion())) {
      versions.add(release.getSpec().getModel().getVersion());
    }
    ReleaseStatsSource.Answer answer = link.stats().fetch(versions);
    if (answer instanceof ReleaseStatsSource.NotConfigured n) {
      status.set(
          new Finding(
              FleetReleaseStatus.PROGRESSING,
              ConditionTypes.UNKNOWN,
              FleetReleaseStatus.REASON_NO_RELEASE_CHANNEL,
              n.message(),
              Finding.Severity.NORMAL));
      answerWithoutChannel(release, status);
      return write(release, status, context);
    }
    if (answer instanceof ReleaseStatsSource.Unavailable u) {
      log.warn("{}: {}", id(release), u.message());
      status.set(
          new Finding(
              FleetReleaseStatus.PROGRESSING,
              ConditionTypes.UNKNOWN,
              FleetReleaseStatus.REASON_RELEASE_CHANNEL_UNAVAILABLE,
              u.message()
                  + "; the rollout waits where it is and looks again every "
                  + link.refresh(),
              Finding.Severity.WARNING));
      return write(release, status, context).rescheduleAfter(link.refresh());
    }
    ExposureReadings readings = ((ReleaseStatsSource.Readings) answer).readings();
    RolloutMachine.Step step =
        machine.step(
            new RolloutMachine.Input(
                id(release),
                Objects.requireNonNullElse(release.getMetadata().getUid(), ""),
                release.getSpec(),
                ActionRequest.read(release.getMetadata().getAnnotations()),
                readings,
                blocked,
                support.clock().instant()),
            s);
    // the decisions go to the audit log before the status that carries them is written
    for (RolloutMachine.Fact fact : step.facts()) {
      Recorded r = link.facts().record(fact.event(), fact.key());
      if (r.outcome() == Outcome.REJECTED) {
        log.warn(
            "{}: the audit log refused {} ({}): {}",
            id(release),
            fact.event().getClass().getSimpleName(),
            fact.key(),
            r.detail());
      } else {
        log.info("{}: {}", id(release), fact.event());
      }
    }
    step.findings().forEach(status::set);
    if (step.removeActionCondition()) {
      status.remove(FleetReleaseStatus.ACTION_ACCEPTED);
    }
    return write(release, status, context).rescheduleAfter(link.refresh());
  }

  /**
   * Writes the status this reconciler owns: all of it but {@code status.loop}, which the loop
   * controller writes (ADR 0010). The stored {@code loop} is kept, and the write is guarded by the
   * resourceVersion and retried on a conflict, so neither write can undo the other (ADR 0011).
   */
  private UpdateControl<FleetRelease> write(
      FleetRelease release,
      StatusUpdate<FleetReleaseStatus> status,
      Context<FleetRelease> context) {
    return support.writeSharing(release, status, context, FleetReleaseReconciler::keepLoop);
  }

  /** Copies what the loop controller owns from the stored status into ours. */
  static void keepLoop(FleetReleaseStatus stored, FleetReleaseStatus ours) {
    ours.setLoop(stored.getLoop());
  }

  /** Empty when the candidate may start; else the Ready reason and message, "Reason: message". */
  private Optional<String> checkCandidate(FleetRelease release) {
    ReleaseModel model = release.getSpec().getModel();
    FleetReleaseStatus s = release.getStatus();
    boolean candidate =
        s != null
            && s.getStableVersion() != null
            && !model.getVersion().equals(s.getStableVersion());
    if (!candidate || !artifacts.configured()) {
      return Optional.empty();
    }
    String key = model.getVersion() + " " + model.getArtifact() + " " + model.getDigest();
    return verified.computeIfAbsent(key, k -> verify(model));
  }

  private Optional<String> verify(ReleaseModel model) {
    Optional<byte[]> bytes;
    try {
      bytes = artifacts.read(model.getArtifact());
    } catch (RuntimeException e) {
      // not cached as a verdict: the next reconcile reads again
      throw new IllegalStateException(
          "cannot read " + model.getArtifact() + " to check its digest: " + e.getMessage(), e);
    }
    if (bytes.isEmpty()) {
      return Optional.of(
          FleetReleaseStatus.REASON_ARTIFACT_MISSING
              + ": spec.model.artifact "
              + model.getArtifact()
              + " does not exist in the object store; "
              + model.getVersion()
              + " is not rolled out");
    }
    String actual = "sha256:" + sha256(bytes.get());
    if (!actual.equals(model.getDigest())) {
      return Optional.of(
          FleetReleaseStatus.REASON_DIGEST_MISMATCH
              + ": the artifact "
              + model.getArtifact()
              + " has digest "
              + actual
              + " but spec.model.digest is "
              + model.getDigest()
              + "; devices would refuse it, so "
              + model.getVersion()
              + " is not rolled out");
    }
    return Optional.empty();
  }

  private static String reasonOf(String blocked) {
    return blocked.substring(0, blocked.indexOf(':'));
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String id(FleetRelease release) {
    return "fleetrelease/"
        + release.getMetadata().getNamespace()
        + "/"
        + release.getMetadata().getName();
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

  /** Invalid spec: no action is carried out. */
  private static void answerAction(FleetRelease release, StatusUpdate<FleetReleaseStatus> status) {
    answer(release, status, "the spec is invalid (see Ready)");
  }

  private static void answerWithoutChannel(
      FleetRelease release, StatusUpdate<FleetReleaseStatus> status) {
    answer(release, status, "no release channel is configured, so no rollout runs");
  }

  private static void answer(
      FleetRelease release, StatusUpdate<FleetReleaseStatus> status, String why) {
    ActionRequest.read(release.getMetadata().getAnnotations())
        .ifPresentOrElse(
            a ->
                status.set(
                    Finding.failed(
                        FleetReleaseStatus.ACTION_ACCEPTED,
                        a.kind() == ActionRequest.Kind.VERB
                            ? FleetReleaseStatus.REASON_ACTION_NOT_AVAILABLE
                            : a.kind() == ActionRequest.Kind.CONFLICTING
                                ? FleetReleaseStatus.REASON_CONFLICTING_ACTIONS
                                : FleetReleaseStatus.REASON_UNKNOWN_ACTION,
                        "fleetloop.io/action '%s' is not carried out: %s; allowed: %s (nothing was changed)"
                            .formatted(a.raw(), why, String.join(", ", ActionRequest.VERBS)))),
            () -> status.remove(FleetReleaseStatus.ACTION_ACCEPTED));
  }

  private static Optional<TrainingRunSpec> template(FleetRelease release) {
    return Optional.ofNullable(release.getSpec())
        .map(s -> s.getLoop())
        .map(LoopSpec::getTrainingTemplate);
  }

  @Override
  public ErrorStatusUpdateControl<FleetRelease> updateErrorStatus(
      FleetRelease release, Context<FleetRelease> context, Exception e) {
    return support.errorStatusSharing(release, context, e, FleetReleaseReconciler::keepLoop);
  }

  @Override
  public DeleteControl cleanup(FleetRelease release, Context<FleetRelease> context) {
    deleteOwnedTriggers(release, context.getClient());
    return support.cleanup(release);
  }

  /**
   * Deletes the DataTriggers the release owns (the loop's focus trigger): what the garbage
   * collector of a real cluster does through the owner reference, done here so that it also happens
   * where there is none (the in-memory API server of the local stack).
   */
  @SuppressWarnings("try") // the scope only sets the logging context
  static void deleteOwnedTriggers(FleetRelease release, KubernetesClient client) {
    try (var scope = ReconcileScope.open(release)) {
      client
          .resources(DataTrigger.class)
          .inNamespace(release.getMetadata().getNamespace())
          .list()
          .getItems()
          .stream()
          .filter(t -> Ownership.ownedBy(t, release))
          .forEach(
              t -> {
                client.resource(t).delete();
                log.info(
                    "deleted DataTrigger {}: its owner, FleetRelease {}, is deleted",
                    t.getMetadata().getName(),
                    release.getMetadata().getName());
              });
    }
  }
}
