package io.fleetloop.audit.command;

import static io.fleetloop.audit.command.EventRejectedException.invalid;
import static io.fleetloop.audit.command.EventRejectedException.precondition;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.fleetloop.audit.api.StreamKind;
import io.fleetloop.audit.api.event.Cohort;
import io.fleetloop.audit.api.event.ConditionChanged;
import io.fleetloop.audit.api.event.Measurement;
import io.fleetloop.audit.api.event.ReleaseFrozen;
import io.fleetloop.audit.api.event.ReleasePaused;
import io.fleetloop.audit.api.event.ReleasePromoted;
import io.fleetloop.audit.api.event.ReleaseResumed;
import io.fleetloop.audit.api.event.ReleaseRolledBack;
import io.fleetloop.audit.api.event.ShadowStarted;
import io.fleetloop.audit.api.event.StageAdvanced;
import java.util.List;
import java.util.Objects;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.CreationPolicy;

/**
 * A FleetRelease, one candidate at a time: shadow started (stage 0), or for a release without a
 * shadow phase the first stage advance (0 → 1) → stages advanced one by one with growing cohorts →
 * promoted, rolled back or frozen; paused and resumed in between. After a promotion the previous
 * stable version can be restored (undo).
 */
public class FleetReleaseAggregate extends ResourceAggregate {

  /** Where the current candidate is. */
  enum State {
    IDLE,
    ROLLING,
    FROZEN
  }

  private State state = State.IDLE;
  private String stableVersion;
  private String previousStable;
  private String candidateVersion;
  private int stage = -1;
  private int percent;
  private boolean paused;

  public FleetReleaseAggregate() {}

  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
  public Decision handle(RecordReleaseEvent cmd) {
    checkVersion(cmd.expectedVersion());
    Check.streamId(cmd.releaseId(), StreamKind.FLEETRELEASE, "releaseId");
    Check.same(cmd.releaseId(), cmd.event().aggregateId(), "releaseId");
    var event = cmd.event();
    if (event instanceof ConditionChanged c) {
      return recordCondition(cmd.releaseId(), c);
    } else if (event instanceof ShadowStarted s) {
      if (state != State.IDLE) {
        throw precondition(candidateVersion + " is still rolling out");
      }
      Check.notBlank(s.candidateVersion(), "candidateVersion");
      if (s.candidateVersion().equals(stableVersion)) {
        throw precondition(s.candidateVersion() + " is already the stable version");
      }
      if (stableVersion != null && !stableVersion.equals(s.stableVersion())) {
        throw precondition("the stable version is " + stableVersion + ", not " + s.stableVersion());
      }
      checkCohort(s.cohort());
      apply(s);
    } else if (event instanceof StageAdvanced a && state == State.IDLE) {
      // a release without a shadow phase: the candidate starts at its first stage (0 -> 1),
      // before anything was measured
      Check.notBlank(a.candidateVersion(), "candidateVersion");
      if (a.candidateVersion().equals(stableVersion)) {
        throw precondition(a.candidateVersion() + " is already the stable version");
      }
      if (a.fromStage() != 0 || a.toStage() != 1) {
        throw precondition(
            "no candidate is rolling out: a release without a shadow phase starts with stage 0"
                + " to 1, not "
                + a.fromStage()
                + " to "
                + a.toStage());
      }
      checkCohort(a.cohort());
      checkMeasured(a.measured());
      Check.notBlank(a.rule(), "rule");
      apply(a);
    } else if (event instanceof StageAdvanced a) {
      requireCandidate(a.candidateVersion());
      if (state == State.FROZEN) {
        throw precondition("the release is frozen");
      }
      if (paused) {
        throw precondition("the release is paused");
      }
      if (a.fromStage() != stage || a.toStage() != stage + 1) {
        throw precondition(
            "out of order: at stage "
                + stage
                + ", cannot go from "
                + a.fromStage()
                + " to "
                + a.toStage());
      }
      checkCohort(a.cohort());
      if (stage > 0 && a.cohort().percent() <= percent) {
        throw precondition(
            "stage " + a.toStage() + " must reach more than " + percent + "% of the fleet");
      }
      checkDecision(a.measured(), a.rule());
      apply(a);
    } else if (event instanceof ReleasePaused p) {
      requireInProgress();
      if (paused) {
        throw precondition("already paused");
      }
      Check.notBlank(p.reason(), "reason");
      apply(p);
    } else if (event instanceof ReleaseResumed r) {
      requireInProgress();
      if (!paused && state != State.FROZEN) {
        throw precondition("neither paused nor frozen");
      }
      Check.notBlank(r.reason(), "reason");
      apply(r);
    } else if (event instanceof ReleasePromoted p) {
      requireCandidate(p.version());
      checkMeasured(p.measured());
      Check.notBlank(p.rule(), "rule");
      apply(p);
    } else if (event instanceof ReleaseRolledBack r) {
      checkMeasured(r.measured());
      if (r.rule() == null && r.reason() == null) {
        throw invalid("a rollback names the rule or the reason");
      }
      if (state == State.IDLE) {
        // undo: restore the version that was stable before the last promotion
        if (stableVersion == null || !stableVersion.equals(r.version()) || previousStable == null) {
          throw precondition("no candidate rolling out and nothing to undo");
        }
        if (!previousStable.equals(r.restoredVersion())) {
          throw precondition("undo restores " + previousStable + ", not " + r.restoredVersion());
        }
      } else {
        requireCandidate(r.version());
        if (!Objects.equals(stableVersion, r.restoredVersion())) {
          throw precondition(
              "rolling back restores the stable " + stableVersion + ", not " + r.restoredVersion());
        }
      }
      apply(r);
    } else if (event instanceof ReleaseFrozen f) {
      requireCandidate(f.version());
      if (state == State.FROZEN) {
        throw precondition("already frozen");
      }
      checkMeasured(f.measured());
      Check.notBlank(f.reason(), "reason");
      apply(f);
    }
    return Decision.APPENDED;
  }

  private void requireInProgress() {
    if (state == State.IDLE) {
      throw precondition("no candidate is rolling out");
    }
  }

  private void requireCandidate(String version) {
    requireInProgress();
    if (!candidateVersion.equals(version)) {
      throw precondition("the candidate is " + candidateVersion + ", not " + version);
    }
  }

  private static void checkCohort(Cohort cohort) {
    if (cohort == null) {
      throw invalid("cohort is required");
    }
    Check.notBlank(cohort.name(), "cohort.name");
    Check.range(cohort.percent(), 1, 100, "cohort.percent");
    Check.range(cohort.devices(), 0, Long.MAX_VALUE, "cohort.devices");
  }

  private static void checkDecision(List<Measurement> measured, String rule) {
    if (measured.isEmpty()) {
      throw invalid("a stage advance carries the measured values");
    }
    checkMeasured(measured);
    Check.notBlank(rule, "rule");
  }

  private static void checkMeasured(List<Measurement> measured) {
    for (Measurement m : measured) {
      Check.notBlank(m.condition(), "measured.condition");
      if (!(m.km() >= 0) || m.interventions() < 0 || !Double.isFinite(m.rate())) {
        throw invalid("measured values for " + m.condition() + " are out of range");
      }
    }
  }

  @EventSourcingHandler
  void on(ShadowStarted e) {
    id = e.releaseId();
    state = State.ROLLING;
    candidateVersion = e.candidateVersion();
    stableVersion = e.stableVersion();
    stage = 0;
    percent = 0;
    paused = false;
  }

  @EventSourcingHandler
  void on(StageAdvanced e) {
    if (state == State.IDLE) {
      // started without a shadow phase
      id = e.releaseId();
      state = State.ROLLING;
      candidateVersion = e.candidateVersion();
      paused = false;
    }
    stage = e.toStage();
    percent = e.cohort().percent();
  }

  @EventSourcingHandler
  void on(ReleasePaused e) {
    paused = true;
  }

  @EventSourcingHandler
  void on(ReleaseResumed e) {
    paused = false;
    if (state == State.FROZEN) {
      state = State.ROLLING;
    }
  }

  @EventSourcingHandler
  void on(ReleasePromoted e) {
    previousStable = stableVersion;
    stableVersion = e.version();
    endCandidate();
  }

  @EventSourcingHandler
  void on(ReleaseRolledBack e) {
    if (state == State.IDLE) {
      stableVersion = e.restoredVersion();
      previousStable = null;
    }
    endCandidate();
  }

  @EventSourcingHandler
  void on(ReleaseFrozen e) {
    state = State.FROZEN;
  }

  private void endCandidate() {
    state = State.IDLE;
    candidateVersion = null;
    stage = -1;
    percent = 0;
    paused = false;
  }
}
