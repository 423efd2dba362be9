package io.fleetloop.audit.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.fleetloop.audit.api.ResourceIds;
import io.fleetloop.audit.api.event.ConditionChanged;
import io.fleetloop.audit.client.ConditionLedger;
import java.util.Set;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;

/**
 * What every audit aggregate shares: the stream id, the optimistic version check, and (for the four
 * custom resources) the condition ledger that turns level-triggered condition reports into
 * transitions.
 */
abstract class ResourceAggregate {

  private static final Set<String> STATUSES = Set.of("True", "False", "Unknown");

  @AggregateIdentifier protected String id;

  protected ConditionLedger conditions = new ConditionLedger();

  /** Refuses the command when the writer expected another version of the stream. */
  protected static void checkVersion(Long expectedVersion) {
    if (expectedVersion == null) {
      return;
    }
    Long version = AggregateLifecycle.getVersion();
    long current = version == null ? -1 : version;
    if (current != expectedVersion) {
      throw new EventRejectedException(
          EventRejectedException.Code.ABORTED,
          "expected version " + expectedVersion + " but the stream is at " + current);
    }
  }

  /** Appends a ConditionChanged when it is a transition; see {@link ConditionLedger}. */
  protected Decision recordCondition(String streamId, ConditionChanged c) {
    Check.same(streamId, c.resourceId(), "resourceId");
    if (!ResourceIds.parse(streamId).kind().hasConditions()) {
      throw EventRejectedException.invalid(streamId + " has no conditions");
    }
    Check.notBlank(c.uid(), "uid");
    Check.notBlank(c.type(), "type");
    if (!STATUSES.contains(c.status())) {
      throw EventRejectedException.invalid("status must be True, False or Unknown");
    }
    if (c.generation() < 0) {
      throw EventRejectedException.invalid("generation must be >= 0");
    }
    switch (conditions.judge(c.uid(), c.generation(), c.type(), c.status(), c.reason())) {
      case UNCHANGED:
        return Decision.UNCHANGED;
      case STALE:
        throw EventRejectedException.precondition(
            "stale: condition "
                + c.type()
                + " was recorded at generation "
                + conditions.last(c.type()).generation()
                + ", this report is from generation "
                + c.generation());
      default:
        apply(c);
        return Decision.APPENDED;
    }
  }

  @EventSourcingHandler
  void on(ConditionChanged c) {
    id = c.resourceId();
    conditions.remember(c.uid(), c.generation(), c.type(), c.status(), c.reason());
  }
}
