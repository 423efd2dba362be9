package io.fleetloop.operator.fleetrelease;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.common.Condition;
import io.fleetloop.api.common.ConditionTypes;
import io.fleetloop.api.v1alpha1.AnalysisSpec;
import io.fleetloop.api.v1alpha1.FleetReleaseRollout;
import io.fleetloop.api.v1alpha1.FleetReleaseSpec;
import io.fleetloop.api.v1alpha1.FleetReleaseStatus;
import io.fleetloop.api.v1alpha1.GenerationRecord;
import io.fleetloop.api.v1alpha1.ReleaseDevices;
import io.fleetloop.api.v1alpha1.ReleaseModel;
import io.fleetloop.api.v1alpha1.RollbackSpec;
import io.fleetloop.api.v1alpha1.RolloutStage;
import io.fleetloop.api.v1alpha1.ShadowSpec;
import io.fleetloop.api.v1alpha1.StageAnalysis;
import io.fleetloop.audit.api.event.AuditEvent;
import io.fleetloop.audit.api.event.Cohort;
import io.fleetloop.audit.api.event.Measurement;
import io.fleetloop.audit.api.event.ReleaseFrozen;
import io.fleetloop.audit.api.event.ReleasePaused;
import io.fleetloop.audit.api.event.ReleasePromoted;
import io.fleetloop.audit.api.event.ReleaseResumed;
import io.fleetloop.audit.api.event.ReleaseRolledBack;
import io.fleetloop.audit.api.event.ShadowStarted;
import io.fleetloop.audit.api.event.StageAdvanced;
import io.fleetloop.audit.client.IdempotencyKeys;
import io.fleetloop.operator.common.Finding;
import io.fleetloop.release.api.Quantities;
import io.fleetloop.stats.AnalysisPlan;
import io.fleetloop.stats.ConditionExposure;
import io.fleetloop.stats.ConditionResult;
import io.fleetloop.stats.Exposure;
import io.fleetloop.stats.SequentialState;
import io.fleetloop.stats.StageAnalyzer;
import io.fleetloop.stats.StageData;
import io.fleetloop.stats.StageResult;
import io.fleetloop.stats.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The FleetRelease rollout state machine (docs/rollout.md): a pure function of the spec, the stored
 * status, the fleet's cumulative exposure, the action annotation and the time. It changes the
 * working status in place and returns the conditions to set and the audit facts to record before
 * the status is written. No Kubernetes, no I/O: unit-tested in milliseconds.
 *
 * <p>Phases ({@code status.rollout.phase}): Stable → (new candidate) → Shadow (stage -1) → Canary
 * stage 0 … n-1 → Stable (promoted); a Fail verdict leads to RolledBack, or to Frozen with {@code
 * onUnsafe: Freeze} (or {@code automatic: false}). Every look feeds the release-wide mixture SPRT
 * of libs/stats ({@link StageAnalyzer}) with the stage's window: the exposure since the stage
 * started, computed from baseline readings stored in the status, so a restarted operator resumes
 * the same stage and the same test.
 */
public final class RolloutMachine {

  /** Progressing=True: the candidate rides along in shadow. */
  public static final String REASON_SHADOW = "Shadow";

  /** Progressing=True: a stage runs. */
  public static final String REASON_STAGE_RUNNING = "StageRunning";

  /** Progressing=False: the stage ran past maxDuration without a verdict. */
  public static final String REASON_STAGE_TIMED_OUT = "StageTimedOut";

  /** Progressing=False: no candidate, the fleet runs the stable version. */
  public static final String REASON_STABLE = "Stable";

  /** Progressing=False / RolledBack=True: the candidate was withdrawn. */
  public static final String REASON_ROLLED_BACK = "RolledBack";

  /** Progressing=False / Frozen=True: the rollout is held. */
  public static final String REASON_FROZEN = "Frozen";

  /** Progressing=False / Paused=True: spec.paused holds the rollout. */
  public static final String REASON_PAUSED = "Paused";

  /** Paused=False. */
  public static final String REASON_NOT_PAUSED = "NotPaused";

  /** Paused=True while the candidate is already rolled back: a rollback is never held. */
  public static final String REASON_ROLLBACK_NOT_PAUSED = "RollbackNotPaused";

  /** RolledBack=False / Frozen=False. */
  public static final String REASON_NONE = "None";

  /** Progressing=Unknown: exposure readings went below the stage's baseline. */
  public static final String REASON_READINGS_WENT_DOWN = "ReadingsWentDown";

  /** Progressing=False: the candidate cannot start (digest, artifact). */
  public static final String REASON_CANDIDATE_BLOCKED = "CandidateBlocked";

  private static final ObjectMapper JSON = new ObjectMapper();
  private final StageAnalyzer analyzer = new StageAnalyzer();

  /**
   * One look.
   *
   * @param releaseId {@code fleetrelease/<namespace>/<name>}
   * @param uid the resource's uid (part of every idempotency key)
   * @param blocked why the candidate may not start (digest mismatch), or empty
   */
  public record Input(
      String releaseId,
      String uid,
      FleetReleaseSpec spec,
      Optional<ActionRequest> action,
      ExposureReadings readings,
      Optional<String> blocked,
      Instant now) {}

  /**
   * What a look decided.
   *
   * @param findings conditions to set (Progressing, Paused, RolledBack, Frozen, maybe
   *     ActionAccepted)
   * @param facts domain facts to record, in order, before the status is written
   * @param removeActionCondition true when no annotation asks (ActionAccepted is removed)
   */
  public record Step(List<Finding> findings, List<Fact> facts, boolean removeActionCondition) {}

  /** An audit fact with its idempotency key. */
  public record Fact(AuditEvent event, String key) {}

  /**
   * The stage number of the audit events (StageAdvanced's javadoc in audit-api, docs/audit.md): 0
   * is the shadow phase (or, when no shadow phase ran, the fleet before the first stage) and {@code
   * spec.stages[i]} is {@code i + 1}; the status counts {@code -1} for the shadow phase and {@code
   * i} for {@code spec.stages[i]}. Idempotency keys keep the status' numbers.
   */
  static int eventStage(int statusStage) {
    return statusStage + 1;
  }

  /** Runs one look, changing {@code status} in place. */
  public Step step(Input in, FleetReleaseStatus status) {
    Look look = new Look(in, status);
    look.run();
    return new Step(look.findings, look.facts, in.action().isEmpty());
  }

  /** The mutable work of one look. */
  private final class Look {
    private final Input in;
    private final FleetReleaseSpec spec;
    private final FleetReleaseStatus status;
    private final List<Finding> findings = new ArrayList<>();
    private final List<Fact> facts = new ArrayList<>();
    private FleetReleaseRollout r;
    private String progressingReason;
    private String progressingMessage;
    private String progressingStatus = ConditionTypes.FALSE;

    Look(Input in, FleetReleaseStatus status) {
      this.in = in;
      this.spec = in.spec();
      this.status = status;
    }

    void run() {
      bootstrap();
      action();
      newCandidate();
      if (isRunning()) {
        analyse();
      }
      conditions();
      devices();
    }

    // ---- state ------------------------------------------------------------------------------

    private void bootstrap() {
      r = status.getRollout();
      if (r == null || r.getPhase() == null || status.getStableVersion() == null) {
        // the first model a release sees is the fleet's stable version: nothing to roll out
        status.setStableVersion(spec.getModel().getVersion());
        status.setCandidateVersion(null);
        status.setCurrentStage(null);
        r = new FleetReleaseRollout().withPhase(FleetReleaseRollout.STABLE).withStable(copy(spec));
        status.setRollout(r);
      }
      if (r.getStable() == null && status.getStableVersion().equals(spec.getModel().getVersion())) {
        r.setStable(copy(spec));
      }
    }

    private boolean isRunning() {
      return FleetReleaseRollout.SHADOW.equals(r.getPhase())
          || FleetReleaseRollout.CANARY.equals(r.getPhase());
    }

    private boolean hasCandidate() {
      return isRunning() || FleetReleaseRollout.FROZEN.equals(r.getPhase());
    }

    // ---- actions ----------------------------------------------------------------------------

    private void action() {
      if (in.action().isEmpty()) {
        r.setHandledAction(null);
        return;
      }
      ActionRequest a = in.action().get();
      if (a.raw().equals(r.getHandledAction())) {
        return; // carried out already; its condition stays as it was written
      }
      switch (a.kind()) {
        case CONFLICTING ->
            refuse(
                FleetReleaseStatus.REASON_CONFLICTING_ACTIONS,
                "fleetloop.io/action '%s' names more than one action; give exactly one of %s (nothing was changed)"
                    .formatted(a.raw(), String.join(", ", ActionRequest.VERBS)));
        case UNKNOWN ->
            refuse(
                FleetReleaseStatus.REASON_UNKNOWN_ACTION,
                "fleetloop.io/action '%s' is not an action; allowed: %s (nothing was changed)"
                    .formatted(a.raw(), String.join(", ", ActionRequest.VERBS)));
        case VERB -> verb(a);
      }
    }

    private void verb(ActionRequest a) {
      String done;
      switch (a.verb()) {
        case "promote" -> {
          if (!hasCandidate()) {
            notApplicable(a, "no candidate is rolling out");
            return;
          }
          promote("promote action", List.of());
          done = "promoted " + status.getStableVersion() + " to the whole fleet";
        }
        case "abort" -> {
          if (!hasCandidate()) {
            notApplicable(a, "no candidate is rolling out");
            return;
          }
          String v = status.getCandidateVersion();
          rollBack(
              GenerationRecord.OUTCOME_ABORTED,
              List.of(),
              "abort action",
              "aborted by the fleetloop.io/action annotation");
          done = "aborted " + v + "; the fleet returns to " + status.getStableVersion();
        }
        case "undo" -> {
          if (hasCandidate() || r.getPrevious() == null) {
            notApplicable(
                a,
                hasCandidate()
                    ? "a candidate is rolling out (use abort)"
                    : "no earlier stable version is recorded");
            return;
          }
          done = undo();
        }
        case "retry" -> {
          if (isRunning()) {
            restartStage();
            done = "stage " + stageName(status.getCurrentStage()) + " started again";
          } else if ((FleetReleaseRollout.ROLLED_BACK.equals(r.getPhase())
                  || FleetReleaseRollout.FROZEN.equals(r.getPhase()))
              && spec.getModel().getVersion().equals(r.getVersion())
              && !spec.getModel().getVersion().equals(status.getStableVersion())) {
            start("retry action");
            done = "the rollout of " + r.getVersion() + " started again from the beginning";
          } else {
            notApplicable(a, "there is no rolled-back or frozen candidate to retry");
            return;
          }
        }
        default -> throw new IllegalStateException("unhandled verb " + a.verb());
      }
      r.setHandledAction(a.raw());
      findings.add(
          Finding.satisfied(
              FleetReleaseStatus.ACTION_ACCEPTED,
              FleetReleaseStatus.REASON_ACTION_DONE,
              a.verb() + ": " + done + " (remove the annotation to use the same action again)"));
    }

    private void refuse(String reason, String message) {
      findings.add(Finding.failed(FleetReleaseStatus.ACTION_ACCEPTED, reason, message));
    }

    private void notApplicable(ActionRequest a, String why) {
      refuse(
          FleetReleaseStatus.REASON_ACTION_NOT_APPLICABLE,
          "fleetloop.io/action '%s' does not apply: %s (phase %s; nothing was changed)"
              .formatted(a.verb(), why, r.getPhase()));
    }

    // ---- transitions ------------------------------------------------------------------------

    private void newCandidate() {
      String version = spec.getModel().getVersion();
      if (version.equals(status.getStableVersion())) {
        if (hasCandidate()) {
          // spec.model was set back to the stable version: the candidate is withdrawn
          rollBack(
              GenerationRecord.OUTCOME_ABORTED,
              List.of(),
              "spec.model changed",
              "spec.model is the stable version " + version + " again");
        }
        return;
      }
      if (version.equals(r.getVersion())
          && (hasCandidate() || FleetReleaseRollout.ROLLED_BACK.equals(r.getPhase()))) {
        return; // this candidate is running, held, or was rolled back (retry restarts it)
      }
      if (in.blocked().isPresent()) {
        return; // Ready says why; nothing starts
      }
      if (hasCandidate()) {
        String old = r.getVersion();
        history(old, GenerationRecord.OUTCOME_ABORTED);
        facts.add(
            fact(
                new ReleaseRolledBack(
                    in.releaseId(),
                    old,
                    status.getStableVersion(),
                    eventStage(stageOrShadow()),
                    List.of(),
                    "spec.model changed",
                    "superseded by " + version + " before it finished"),
                "superseded",
                old));
      }
      start(
          "spec.model.version "
              + version
              + " differs from the stable "
              + status.getStableVersion());
    }

    private void start(String why) {
      String version = spec.getModel().getVersion();
      String key = r.getStageStartedAt();
      r.setVersion(version);
      status.setCandidateVersion(version);
      r.setSequentialTest(null);
      r.setShadowTest(null);
      status.setAnalysis(new ArrayList<>());
      long total =
          in.readings().devices(status.getStableVersion()) + in.readings().devices(version);
      if (shadowMinKm() > 0) {
        r.setPhase(FleetReleaseRollout.SHADOW);
        status.setCurrentStage(-1);
        facts.add(
            new Fact(
                new ShadowStarted(
                    in.releaseId(),
                    version,
                    status.getStableVersion(),
                    new Cohort("shadow", 100, total)),
                IdempotencyKeys.derive(
                    "release-shadow-started", in.releaseId(), in.uid(), version, key)));
      } else {
        r.setPhase(FleetReleaseRollout.CANARY);
        status.setCurrentStage(0);
        facts.add(
            new Fact(
                new StageAdvanced(
                    in.releaseId(),
                    version,
                    eventStage(-1),
                    eventStage(0),
                    cohort(0, total),
                    List.of(),
                    why + "; no shadow phase (shadow.minKm 0)"),
                IdempotencyKeys.derive(
                    "release-stage-advanced", in.releaseId(), in.uid(), version, -1, 0, key)));
      }
      newWindow();
    }

    private void restartStage() {
      newWindow();
    }

    private void newWindow() {
      r.setStageStartedAt(in.now().toString());
      r.setBaseline(
          in.readings().toStatus(List.of(status.getStableVersion(), status.getCandidateVersion())));
    }

    private void advance(StageResult result) {
      int from = stageOrShadow();
      int to = from + 1;
      String version = status.getCandidateVersion();
      if (to >= stages().size()) {
        promote(result.reason(), measurements(result));
        return;
      }
      long total =
          in.readings().devices(status.getStableVersion()) + in.readings().devices(version);
      facts.add(
          new Fact(
              new StageAdvanced(
                  in.releaseId(),
                  version,
                  eventStage(from),
                  eventStage(to),
                  cohort(to, total),
                  measurements(result),
                  result.reason()),
              IdempotencyKeys.derive(
                  "release-stage-advanced",
                  in.releaseId(),
                  in.uid(),
                  version,
                  from,
                  to,
                  r.getStageStartedAt())));
      r.setPhase(FleetReleaseRollout.CANARY);
      status.setCurrentStage(to);
      newWindow();
    }

    private void promote(String rule, List<Measurement> measured) {
      String version = status.getCandidateVersion();
      facts.add(
          fact(new ReleasePromoted(in.releaseId(), version, measured, rule), "promoted", version));
      r.setPrevious(r.getStable());
      r.setStable(copy(spec));
      status.setStableVersion(version);
      status.setCandidateVersion(null);
      status.setCurrentStage(null);
      r.setPhase(FleetReleaseRollout.STABLE);
      clearWindow();
      history(version, GenerationRecord.OUTCOME_PROMOTED);
    }

    private void rollBack(String outcome, List<Measurement> measured, String rule, String reason) {
      String version = status.getCandidateVersion();
      int stage = stageOrShadow();
      facts.add(
          fact(
              new ReleaseRolledBack(
                  in.releaseId(),
                  version,
                  status.getStableVersion(),
                  eventStage(stage),
                  measured,
                  rule,
                  reason),
              "rolled-back",
              version));
      r.setPhase(FleetReleaseRollout.ROLLED_BACK);
      status.setCandidateVersion(null);
      status.setCurrentStage(null);
      clearWindow();
      history(version, outcome);
    }

    private void freeze(StageResult result, String why) {
      String version = status.getCandidateVersion();
      facts.add(
          fact(
              new ReleaseFrozen(
                  in.releaseId(),
                  version,
                  eventStage(stageOrShadow()),
                  measurements(result),
                  result.reason(),
                  why),
              "frozen",
              version));
      r.setPhase(FleetReleaseRollout.FROZEN);
      history(version, GenerationRecord.OUTCOME_FROZEN);
    }

    private String undo() {
      String undone = status.getStableVersion();
      ReleaseModel previous = r.getPrevious();
      facts.add(
          fact(
              new ReleaseRolledBack(
                  in.releaseId(),
                  undone,
                  previous.getVersion(),
                  eventStage(stages().size() - 1),
                  List.of(),
                  "undo action",
                  "the promotion of "
                      + undone
                      + " was undone by the fleetloop.io/action annotation"),
              "undone",
              undone));
      status.setStableVersion(previous.getVersion());
      r.setStable(previous);
      r.setPrevious(null);
      r.setVersion(undone);
      r.setPhase(FleetReleaseRollout.ROLLED_BACK);
      history(undone, GenerationRecord.OUTCOME_UNDONE);
      return "the fleet returns from " + undone + " to " + previous.getVersion();
    }

    private void clearWindow() {
      r.setBaseline(null);
      r.setStageStartedAt(null);
    }

    // ---- analysis ---------------------------------------------------------------------------

    private void analyse() {
      boolean shadow = FleetReleaseRollout.SHADOW.equals(r.getPhase());
      int stage = stageOrShadow();
      ExposureReadings window;
      try {
        window = in.readings().window(ExposureReadings.fromStatus(r.getBaseline()));
      } catch (IllegalArgumentException e) {
        progressing(
            ConditionTypes.UNKNOWN,
            REASON_READINGS_WENT_DOWN,
            "the fleet's cumulative exposure went below the stage's starting readings ("
                + e.getMessage()
                + "): the release channel lost reports (restarted?); waiting for devices to"
                + " report again");
        return;
      }
      String candidate = status.getCandidateVersion();
      SortedMap<String, Exposure> cand =
          window.byCondition(
              candidate, shadow ? ExposureReadings.SHADOW : ExposureReadings.DRIVING);
      SortedMap<String, Exposure> stable =
          window.byCondition(status.getStableVersion(), ExposureReadings.DRIVING);
      TreeSet<String> names = new TreeSet<>(cand.keySet());
      names.addAll(stable.keySet());
      SortedMap<String, ConditionExposure> byCondition = new TreeMap<>();
      for (String name : names) {
        byCondition.put(
            name,
            new ConditionExposure(
                cand.getOrDefault(name, Exposure.NONE), stable.getOrDefault(name, Exposure.NONE)));
      }
      double stageMinKm = shadow ? shadowMinKm() : stageMinKm(stage);
      StageData data = new StageData(stage, stageMinKm, byCondition);
      AnalysisPlan plan = plan(shadow);
      String stored = shadow ? r.getShadowTest() : r.getSequentialTest();
      StageResult result = analyzer.analyze(plan, data, read(stored));
      if (shadow) {
        r.setShadowTest(write(result.state()));
      } else {
        r.setSequentialTest(write(result.state()));
      }
      record(result, shadow);
      String what = shadow ? "shadow phase" : "stage " + stage + " (" + percent(stage) + "%)";
      switch (result.verdict()) {
        case FAIL -> fail(result, what);
        case PASS -> {
          if (Boolean.TRUE.equals(spec.getPaused())) {
            progressing(
                ConditionTypes.FALSE,
                REASON_PAUSED,
                what + " passed but spec.paused holds the rollout: " + result.reason());
          } else {
            advance(result);
          }
        }
        case INCONCLUSIVE -> {
          Optional<Duration> max = maxDuration(stage, shadow);
          Instant started = Instant.parse(r.getStageStartedAt());
          if (max.isPresent() && in.now().isAfter(started.plus(max.get()))) {
            progressing(
                ConditionTypes.FALSE,
                REASON_STAGE_TIMED_OUT,
                what
                    + " ran past its maxDuration "
                    + spec.getStages().get(Math.max(0, stage)).getMaxDuration()
                    + " without a verdict; the candidate stays on its slice until promote, abort"
                    + " or retry: "
                    + result.reason());
          } else {
            progressing(
                ConditionTypes.TRUE,
                shadow ? REASON_SHADOW : REASON_STAGE_RUNNING,
                what + " of " + candidate + ": " + result.reason());
          }
        }
      }
    }

    private void fail(StageResult result, String what) {
      RollbackSpec rb = Objects.requireNonNullElseGet(spec.getRollback(), RollbackSpec::new);
      boolean freeze = RollbackSpec.ON_UNSAFE_FREEZE.equals(rb.getOnUnsafe());
      boolean automatic = !Boolean.FALSE.equals(rb.getAutomatic());
      if (freeze || !automatic) {
        freeze(
            result,
            freeze
                ? what + " failed and rollback.onUnsafe is Freeze: held where it is"
                : what
                    + " failed and rollback.automatic is false: held for a human (abort or promote)");
      } else {
        rollBack(
            GenerationRecord.OUTCOME_ROLLED_BACK,
            measurements(result),
            result.reason(),
            what + " failed: " + result.reason());
      }
    }

    private void record(StageResult result, boolean shadow) {
      List<StageAnalysis> analysis =
          new ArrayList<>(Objects.requireNonNullElse(status.getAnalysis(), List.of()));
      analysis.removeIf(a -> Objects.equals(a.getStage(), result.stage()));
      analysis.add(
          new StageAnalysis()
              .withStage(result.stage())
              .withKm(round(result.km()))
              .withInterventions(result.interventions())
              .withRate(round(result.rate()))
              .withCiLow(round(result.ciLow()))
              .withCiHigh(round(result.ciHigh()))
              .withBaselineRate(round(result.baselineRate()))
              .withVerdict(result.verdict().apiValue())
              .withReason((shadow ? "shadow (would-be interventions): " : "") + result.reason()));
      analysis.sort(java.util.Comparator.comparing(StageAnalysis::getStage));
      status.setAnalysis(analysis);
    }

    // ---- conditions -------------------------------------------------------------------------

    private void progressing(String st, String reason, String message) {
      progressingStatus = st;
      progressingReason = reason;
      progressingMessage = message;
    }

    private void conditions() {
      boolean paused = Boolean.TRUE.equals(spec.getPaused());
      String phase = r.getPhase();
      if (progressingReason == null || !isRunning()) {
        switch (phase) {
          case FleetReleaseRollout.ROLLED_BACK ->
              progressing(
                  ConditionTypes.FALSE,
                  REASON_ROLLED_BACK,
                  r.getVersion() + " was withdrawn; the fleet runs " + status.getStableVersion());
          case FleetReleaseRollout.FROZEN ->
              progressing(
                  ConditionTypes.FALSE,
                  REASON_FROZEN,
                  r.getVersion()
                      + " is held at "
                      + stageName(status.getCurrentStage())
                      + "; promote, abort or retry decides");
          case FleetReleaseRollout.STABLE ->
              progressing(
                  ConditionTypes.FALSE,
                  in.blocked().isPresent() ? REASON_CANDIDATE_BLOCKED : REASON_STABLE,
                  in.blocked()
                      .map(b -> spec.getModel().getVersion() + " does not start: " + b)
                      .orElse("no candidate; the fleet runs " + status.getStableVersion()));
          default ->
              progressing(
                  ConditionTypes.TRUE,
                  REASON_STAGE_RUNNING,
                  stageName(status.getCurrentStage()) + " of " + status.getCandidateVersion());
        }
      }
      findings.add(
          new Finding(
              FleetReleaseStatus.PROGRESSING,
              progressingStatus,
              progressingReason,
              progressingMessage,
              REASON_STAGE_TIMED_OUT.equals(progressingReason)
                      || REASON_READINGS_WENT_DOWN.equals(progressingReason)
                      || REASON_CANDIDATE_BLOCKED.equals(progressingReason)
                  ? Finding.Severity.WARNING
                  : Finding.Severity.NORMAL));
      pausedCondition(paused, phase);
      boolean rolledBack = FleetReleaseRollout.ROLLED_BACK.equals(phase);
      findings.add(
          rolledBack
              ? new Finding(
                  FleetReleaseStatus.ROLLED_BACK,
                  ConditionTypes.TRUE,
                  REASON_ROLLED_BACK,
                  lastOutcome() + "; the fleet runs " + status.getStableVersion(),
                  Finding.Severity.WARNING)
              : Finding.pending(FleetReleaseStatus.ROLLED_BACK, REASON_NONE, "not rolled back"));
      boolean frozen = FleetReleaseRollout.FROZEN.equals(phase);
      findings.add(
          frozen
              ? new Finding(
                  FleetReleaseStatus.FROZEN,
                  ConditionTypes.TRUE,
                  REASON_FROZEN,
                  progressingMessage,
                  Finding.Severity.WARNING)
              : Finding.pending(FleetReleaseStatus.FROZEN, REASON_NONE, "not frozen"));
    }

    private void pausedCondition(boolean paused, String phase) {
      boolean wasPaused =
          status
              .condition(FleetReleaseStatus.PAUSED)
              .map(c -> ConditionTypes.TRUE.equals(c.getStatus()))
              .orElse(false);
      String since =
          status
              .condition(FleetReleaseStatus.PAUSED)
              .map(Condition::getLastTransitionTime)
              .orElse("never");
      if (paused != wasPaused) {
        AuditEvent e =
            paused
                ? new ReleasePaused(
                    in.releaseId(), "spec.paused set at " + stageName(status.getCurrentStage()))
                : new ReleaseResumed(in.releaseId(), "spec.paused cleared");
        facts.add(
            new Fact(
                e,
                IdempotencyKeys.derive(
                    paused ? "release-paused" : "release-resumed",
                    in.releaseId(),
                    in.uid(),
                    since)));
      }
      if (!paused) {
        findings.add(
            Finding.pending(FleetReleaseStatus.PAUSED, REASON_NOT_PAUSED, "spec.paused is false"));
      } else if (FleetReleaseRollout.ROLLED_BACK.equals(phase)) {
        findings.add(
            Finding.satisfied(
                FleetReleaseStatus.PAUSED,
                REASON_ROLLBACK_NOT_PAUSED,
                "spec.paused is true, but a rollback is never held: the fleet returns to "
                    + status.getStableVersion()
                    + "; the pause holds the next candidate's rollout"));
      } else {
        findings.add(
            Finding.satisfied(
                FleetReleaseStatus.PAUSED,
                REASON_PAUSED,
                "spec.paused holds the rollout at "
                    + stageName(status.getCurrentStage())
                    + " (a failing stage is still rolled back)"));
      }
    }

    private void devices() {
      String candidate = status.getCandidateVersion();
      status.setDevices(
          new ReleaseDevices()
              .withStable(in.readings().devices(status.getStableVersion()))
              .withCandidate(candidate == null ? 0L : in.readings().devices(candidate)));
    }

    // ---- helpers ----------------------------------------------------------------------------

    private String lastOutcome() {
      List<GenerationRecord> h = Objects.requireNonNullElse(status.getHistory(), List.of());
      if (h.isEmpty()) {
        return r.getVersion() + " was rolled back";
      }
      GenerationRecord last = h.get(h.size() - 1);
      return last.getVersion() + ": " + last.getOutcome() + " at " + last.getAt();
    }

    private void history(String version, String outcome) {
      List<GenerationRecord> h =
          new ArrayList<>(Objects.requireNonNullElse(status.getHistory(), List.of()));
      h.add(
          new GenerationRecord()
              .withVersion(version)
              .withOutcome(outcome)
              .withAt(in.now().toString()));
      status.setHistory(h);
    }

    private Fact fact(AuditEvent event, String kind, String version) {
      return new Fact(
          event,
          IdempotencyKeys.derive(
              "release-" + kind,
              in.releaseId(),
              in.uid(),
              version,
              stageOrShadow(),
              String.valueOf(r.getStageStartedAt())));
    }

    private int stageOrShadow() {
      return Objects.requireNonNullElse(status.getCurrentStage(), -1);
    }

    private List<RolloutStage> stages() {
      return Objects.requireNonNullElse(spec.getStages(), List.of());
    }

    private int percent(int stage) {
      return stage < 0 || stage >= stages().size()
          ? 0
          : Objects.requireNonNullElse(stages().get(stage).getPercent(), 0);
    }

    private double stageMinKm(int stage) {
      return stage < 0 || stage >= stages().size()
          ? 0
          : Objects.requireNonNullElse(stages().get(stage).getMinKm(), 0L);
    }

    private long shadowMinKm() {
      return Optional.ofNullable(spec.getShadow()).map(ShadowSpec::getMinKm).orElse(0L);
    }

    private Optional<Duration> maxDuration(int stage, boolean shadow) {
      if (shadow || stage < 0 || stage >= stages().size()) {
        return Optional.empty();
      }
      String d = stages().get(stage).getMaxDuration();
      return d == null ? Optional.empty() : Optional.of(Duration.ofMillis(Quantities.millis(d)));
    }

    private String stageName(Integer stage) {
      if (stage == null) {
        return "no stage";
      }
      return stage < 0 ? "the shadow phase" : "stage " + stage + " (" + percent(stage) + "%)";
    }

    private Cohort cohort(int stage, long total) {
      int p = percent(stage);
      return new Cohort("stage-" + eventStage(stage), p, Math.round(total * p / 100.0));
    }

    /**
     * The analysis of a stage, or of the shadow phase: there the minimum exposure is at most the
     * shadow's own km, and {@code shadow.maxRelativeRegression}, when set, replaces the release's
     * (the shadow verdict is biased against the candidate: docs/rollout.md, decision 0014).
     */
    private AnalysisPlan plan(boolean shadow) {
      AnalysisSpec a = Objects.requireNonNullElseGet(spec.getAnalysis(), AnalysisSpec::new);
      double minExposure = Objects.requireNonNullElse(a.getMinExposureKm(), 2000L);
      double maxRelativeRegression = Objects.requireNonNullElse(a.getMaxRelativeRegression(), 0.0);
      if (shadow) {
        minExposure = Math.min(minExposure, shadowMinKm());
        if (spec.getShadow() != null && spec.getShadow().getMaxRelativeRegression() != null) {
          maxRelativeRegression = spec.getShadow().getMaxRelativeRegression();
        }
      }
      return AnalysisPlan.of(
          Objects.requireNonNullElse(a.getConfidence(), 0.95),
          maxRelativeRegression,
          minExposure,
          Objects.requireNonNullElse(a.getPerCondition(), true));
    }
  }

  static List<Measurement> measurements(StageResult result) {
    List<Measurement> out = new ArrayList<>();
    out.add(
        new Measurement(
            StageData.ALL,
            result.km(),
            result.interventions(),
            orZero(result.rate()),
            orZero(result.ciLow()),
            orZero(result.ciHigh()),
            orZero(result.baselineRate()),
            result.verdict().apiValue()));
    for (ConditionResult c : result.conditions()) {
      if (c.condition().equals(StageData.ALL)) {
        continue;
      }
      var ci = c.interval(0.95);
      out.add(
          new Measurement(
              c.condition(),
              c.candidate().km(),
              c.candidate().interventions(),
              orZero(c.rate()),
              ci == null ? 0 : ci.ciLow(),
              ci == null ? 0 : ci.ciHigh(),
              orZero(c.baselineRate()),
              c.regression() ? Verdict.FAIL.apiValue() : result.verdict().apiValue()));
    }
    return out;
  }

  private static ReleaseModel copy(FleetReleaseSpec spec) {
    ReleaseModel m = spec.getModel();
    return new ReleaseModel()
        .withVersion(m.getVersion())
        .withArtifact(m.getArtifact())
        .withDigest(m.getDigest());
  }

  private static SequentialState read(String json) {
    if (json == null || json.isBlank()) {
      return null;
    }
    try {
      return JSON.readValue(json, SequentialState.class);
    } catch (JsonProcessingException e) {
      // a state that cannot be read cannot be resumed: the test starts again from this look
      return null;
    }
  }

  private static String write(SequentialState state) {
    try {
      return JSON.writeValueAsString(state);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot store the sequential test: " + e.getMessage(), e);
    }
  }

  private static Double round(Double v) {
    return v == null || v.isNaN() ? null : Math.round(v * 1000) / 1000.0;
  }

  private static double orZero(Double v) {
    return v == null || v.isNaN() ? 0 : v;
  }
}
