package io.fleetloop.audit.command;

import static io.fleetloop.audit.command.EventRejectedException.precondition;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.fleetloop.audit.api.StreamKind;
import io.fleetloop.audit.api.event.ConditionChanged;
import io.fleetloop.audit.api.event.TriggerCanaried;
import io.fleetloop.audit.api.event.TriggerChanged;
import io.fleetloop.audit.api.event.TriggerDeployed;
import io.fleetloop.audit.api.event.TriggerRetired;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.CreationPolicy;

/**
 * A DataTrigger's lifecycle: deployed → changed (newer generations) → canaried (per generation) →
 * retired, and deployed again only after retirement. Out-of-order or stale generations are refused.
 */
public class DataTriggerAggregate extends ResourceAggregate {

  private String uid;
  private long generation;
  private boolean deployed;
  private long canariedGeneration = -1;

  public DataTriggerAggregate() {}

  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
  public Decision handle(RecordTriggerEvent cmd) {
    checkVersion(cmd.expectedVersion());
    Check.streamId(cmd.triggerId(), StreamKind.DATATRIGGER, "triggerId");
    Check.same(cmd.triggerId(), cmd.event().aggregateId(), "triggerId");
    if (cmd.event() instanceof ConditionChanged c) {
      return recordCondition(cmd.triggerId(), c);
    } else if (cmd.event() instanceof TriggerDeployed d) {
      if (deployed) {
        throw precondition(
            "already deployed at generation " + generation + "; a new spec is TriggerChanged");
      }
      Check.notBlank(d.uid(), "uid");
      checkSpec(d.generation(), d.condition(), d.priority(), d.samplingRate(), d.canaryPercent());
      Check.digest(d.specDigest(), "specDigest");
      apply(d);
    } else if (cmd.event() instanceof TriggerChanged c) {
      requireDeployed();
      checkSpec(c.generation(), c.condition(), c.priority(), c.samplingRate(), c.canaryPercent());
      Check.digest(c.specDigest(), "specDigest");
      if (c.generation() <= generation) {
        throw precondition(
            "out of order: generation " + c.generation() + " is not newer than " + generation);
      }
      apply(c);
    } else if (cmd.event() instanceof TriggerCanaried k) {
      requireDeployed();
      if (k.generation() != generation) {
        throw precondition(
            "generation " + k.generation() + " is not the deployed generation " + generation);
      }
      if (k.generation() == canariedGeneration) {
        throw precondition("generation " + generation + " was already canaried");
      }
      Check.range(k.percent(), 1, 100, "percent");
      Check.range(k.devices(), 0, Long.MAX_VALUE, "devices");
      apply(k);
    } else if (cmd.event() instanceof TriggerRetired r) {
      requireDeployed();
      Check.notBlank(r.reason(), "reason");
      apply(r);
    }
    return Decision.APPENDED;
  }

  private void requireDeployed() {
    if (!deployed) {
      throw precondition("the trigger is not deployed");
    }
  }

  private static void checkSpec(
      long generation, String condition, int priority, double samplingRate, int canaryPercent) {
    if (generation < 1) {
      throw EventRejectedException.invalid("generation must be >= 1");
    }
    Check.notBlank(condition, "condition");
    Check.range(priority, 0, 100, "priority");
    if (!(samplingRate > 0 && samplingRate <= 1)) {
      throw EventRejectedException.invalid("samplingRate must be in (0, 1]");
    }
    Check.range(canaryPercent, 0, 100, "canaryPercent");
  }

  @EventSourcingHandler
  void on(TriggerDeployed e) {
    id = e.triggerId();
    uid = e.uid();
    generation = e.generation();
    deployed = true;
    canariedGeneration = -1;
  }

  @EventSourcingHandler
  void on(TriggerChanged e) {
    generation = e.generation();
  }

  @EventSourcingHandler
  void on(TriggerCanaried e) {
    canariedGeneration = e.generation();
  }

  @EventSourcingHandler
  void on(TriggerRetired e) {
    deployed = false;
  }

  String uid() {
    return uid;
  }
}
