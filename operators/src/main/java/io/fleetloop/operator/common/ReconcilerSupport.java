package io.fleetloop.operator.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fleetloop.api.common.ConditionTypes;
import io.fleetloop.api.common.FleetloopStatus;
import io.fleetloop.api.common.Reasons;
import io.fleetloop.audit.client.AuditException;
import io.fleetloop.operator.audit.ConditionAudit;
import io.fleetloop.operator.metrics.FleetloopMetrics;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every reconciler does the same way: the contract check as first step, recording every
 * computed condition in the audit log before anything is written, writing the status only when it
 * changed, an Event and a metric per condition transition, the error status, and the finalizer
 * cleanup.
 */
public final class ReconcilerSupport<R extends CustomResource<?, S>, S extends FleetloopStatus> {

  /** Reason of the Event emitted when a resource's finalizer is removed. */
  public static final String CLEANED_UP = "CleanedUp";

  /**
   * When JOSDK's retries of a reconciliation that could not reach the audit log are used up, it is
   * tried again this much later, and so on until the audit log answers: a resource is never left
   * behind by an audit outage.
   */
  public static final Duration AUDIT_OUTAGE_RESCHEDULE = Duration.ofMinutes(5);

  private static final Logger log = LoggerFactory.getLogger(ReconcilerSupport.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String kind;
  private final Supplier<S> emptyStatus;
  private final OperatorContext operator;

  public ReconcilerSupport(String kind, Supplier<S> emptyStatus, OperatorContext operator) {
    this.kind = kind;
    this.emptyStatus = emptyStatus;
    this.operator = operator;
  }

  /** The clock conditions are stamped with. */
  public Clock clock() {
    return operator.clock();
  }

  /** Starts building the status of {@code resource}. */
  public StatusUpdate<S> begin(R resource) {
    return StatusUpdate.of(resource, emptyStatus, operator.clock());
  }

  /**
   * Step 1 of every reconciliation: checks the spec against the CRD's schema and validation rules.
   * On violations sets {@code Ready=False} with reason {@code InvalidSpec} and the violations as
   * message, and returns true: the reconciliation stops there and waits for the next spec change
   * (no exception, no retry).
   */
  public boolean rejectsInvalidSpec(R resource, StatusUpdate<S> status) {
    Optional<String> violations = operator.contract().violations(resource);
    violations.ifPresent(
        message -> {
          log.info("spec rejected: {}", message);
          status.set(Finding.failed(ConditionTypes.READY, Reasons.INVALID_SPEC, message));
        });
    return violations.isPresent();
  }

  /**
   * The last step: records every condition the reconciliation computed in the audit log (the log
   * keeps only transitions), then writes the status when it changed (with an Event and a metric per
   * transition), otherwise nothing.
   *
   * @throws AuditException when the audit log cannot be reached: nothing is written, the
   *     reconciliation fails and is retried (see {@link #errorStatus})
   */
  public UpdateControl<R> write(R resource, StatusUpdate<S> status) {
    return recordChanges(resource, status)
        ? UpdateControl.patchStatus(status.applyTo(resource))
        : UpdateControl.noUpdate();
  }

  /** Records the conditions; true when the status changed (Events and metrics done). */
  private boolean recordChanges(R resource, StatusUpdate<S> status) {
    operator.audit().record(kind, resource, status);
    if (!status.changed()) {
      operator.metrics().reconciled(kind, FleetloopMetrics.UNCHANGED);
      return false;
    }
    record(resource, status);
    operator.metrics().reconciled(kind, FleetloopMetrics.UPDATED);
    return true;
  }

  /**
   * As {@link #write}, for a status that another controller writes a part of (the loop controller's
   * {@code status.loop} of a FleetRelease): the status is replaced through the status subresource
   * <em>guarded by the resourceVersion</em> the reconciliation read, with the other controller's
   * part taken from the stored object ({@code keepOthers(stored, ours)} copies it into ours). When
   * the object changed in between (409), the write is tried again on the fresher copy of the
   * informer cache (JOSDK's {@link PrimaryUpdateAndCacheUtils}), so neither side's write is lost;
   * the written object is put into the cache as JOSDK's own status patch would be.
   *
   * <p>Without a {@code context} (a reconciler called directly, outside JOSDK) this is {@link
   * #write}.
   *
   * @return no update for JOSDK to make (the status is written here)
   */
  public UpdateControl<R> writeSharing(
      R resource, StatusUpdate<S> status, Context<R> context, BiConsumer<S, S> keepOthers) {
    if (context == null) {
      // called outside a controller (a reconciler driven directly by a unit test): nothing to
      // share with, the status goes onto the resource as with write
      return write(resource, status);
    }
    if (recordChanges(resource, status)) {
      replaceStatus(resource, status.copy(), context, keepOthers);
    }
    return UpdateControl.noUpdate();
  }

  /**
   * As {@link #errorStatus(CustomResource, Context, Exception)}, writing as {@link #writeSharing}.
   */
  public ErrorStatusUpdateControl<R> errorStatusSharing(
      R resource, Context<R> context, Exception e, BiConsumer<S, S> keepOthers) {
    if (context == null) {
      return errorStatus(resource, Optional.empty(), e);
    }
    // errorStatus puts the status it computed on the resource: the stored one is kept aside
    S read = resource.getStatus();
    ErrorStatusUpdateControl<R> control = errorStatus(resource, context, e);
    if (control.getResource().isEmpty()) {
      return control;
    }
    S ours = control.getResource().get().getStatus();
    resource.setStatus(read);
    replaceStatus(resource, ours, context, keepOthers);
    return ErrorStatusUpdateControl.noStatusUpdate();
  }

  @SuppressWarnings("unchecked")
  private void replaceStatus(R resource, S ours, Context<R> context, BiConsumer<S, S> keepOthers) {
    JsonNode tree = JSON.valueToTree(ours);
    AtomicReference<JsonNode> stored = new AtomicReference<>();
    PrimaryUpdateAndCacheUtils.updateAndCacheResource(
        resource,
        context,
        copy -> {
          S current = copy.getStatus() == null ? emptyStatus.get() : copy.getStatus();
          stored.set(JSON.valueToTree(current));
          S mine = (S) JSON.convertValue(tree, ours.getClass());
          keepOthers.accept(current, mine);
          copy.setStatus(mine);
          return copy;
        },
        desired -> {
          // the difference to the copy the resourceVersion names: exact when it is current,
          // refused (409) when not, and then tried again on a fresher copy
          ObjectNode body = JSON.createObjectNode();
          body.putObject("metadata")
              .put("resourceVersion", desired.getMetadata().getResourceVersion());
          body.set(
              "status", JsonMergePatch.diff(stored.get(), JSON.valueToTree(desired.getStatus())));
          return context
              .getClient()
              .resources((Class<R>) resource.getClass())
              .inNamespace(resource.getMetadata().getNamespace())
              .withName(resource.getMetadata().getName())
              .subresource("status")
              .patch(PatchContext.of(PatchType.JSON_MERGE), body.toString());
        });
  }

  /**
   * A reconciliation that threw.
   *
   * <ul>
   *   <li>The audit log could not be reached ({@link AuditException}): nothing is written — a
   *       status must not show a transition the log lacks, and a {@code ReconcileError} could not
   *       be recorded either. JOSDK retries with backoff; when its attempts are used up, the
   *       resource is tried again {@link #AUDIT_OUTAGE_RESCHEDULE} later (with a fresh round of
   *       retries), until the log answers. No status write means no new event, so an outage cannot
   *       make a hot loop.
   *   <li>Anything else: {@code Ready=False} with reason {@code ReconcileError}, recorded in the
   *       audit log and written; JOSDK retries with exponential backoff. The message does not count
   *       attempts, so a failure that repeats writes the status (and the log) once.
   * </ul>
   */
  public ErrorStatusUpdateControl<R> errorStatus(R resource, Context<R> context, Exception e) {
    return errorStatus(resource, context.getRetryInfo(), e);
  }

  /** {@link #errorStatus(CustomResource, Context, Exception)} with JOSDK's retry state. */
  @SuppressWarnings("try") // the scope only sets the logging context
  public ErrorStatusUpdateControl<R> errorStatus(
      R resource, Optional<RetryInfo> retry, Exception e) {
    try (var scope = ReconcileScope.open(resource)) {
      int attempt = retry.map(RetryInfo::getAttemptCount).orElse(1);
      boolean last = retry.map(RetryInfo::isLastAttempt).orElse(false);
      operator.metrics().reconciled(kind, FleetloopMetrics.ERROR);
      Optional<AuditException> unreachable = ConditionAudit.auditFailure(e);
      if (unreachable.isPresent()) {
        log.warn(
            "the audit log is unreachable ({}); nothing written until the conditions are recorded;"
                + " {}",
            unreachable.get().getMessage(),
            last
                ? "retries used up, trying again in " + AUDIT_OUTAGE_RESCHEDULE
                : "retried with backoff (attempt " + attempt + ")");
        ErrorStatusUpdateControl<R> nothing = ErrorStatusUpdateControl.noStatusUpdate();
        return last ? nothing.withNoRetry().rescheduleAfter(AUDIT_OUTAGE_RESCHEDULE) : nothing;
      }
      log.error("reconciliation failed (attempt {}, last: {})", attempt, last, e);
      StatusUpdate<S> status = begin(resource);
      status.set(
          Finding.failed(
              ConditionTypes.READY,
              Reasons.RECONCILE_ERROR,
              "unexpected error, retried with backoff: " + describe(e)));
      try {
        operator.audit().record(kind, resource, status);
      } catch (AuditException auditDown) {
        log.warn(
            "{} not written: the audit log is unreachable too ({})",
            Reasons.RECONCILE_ERROR,
            auditDown.getMessage());
        return ErrorStatusUpdateControl.noStatusUpdate();
      }
      if (!status.changed()) {
        return ErrorStatusUpdateControl.noStatusUpdate();
      }
      record(resource, status);
      return ErrorStatusUpdateControl.patchStatus(status.applyTo(resource));
    }
  }

  /**
   * Finalizer cleanup: nothing is owned yet, so it records an Event and lets JOSDK remove the
   * finalizer.
   */
  @SuppressWarnings("try") // the scope only sets the logging context
  public DeleteControl cleanup(R resource) {
    try (var scope = ReconcileScope.open(resource)) {
      log.info("deleted; removing the finalizer");
      operator
          .events()
          .emit(
              resource,
              Finding.Severity.NORMAL,
              CLEANED_UP,
              kind + " deleted; the operator released it (it owns no other objects yet)");
      operator.metrics().reconciled(kind, FleetloopMetrics.CLEANUP);
      operator.audit().forget(kind, resource);
      return DeleteControl.defaultDelete();
    }
  }

  private void record(R resource, StatusUpdate<S> status) {
    for (Transition t : status.transitions()) {
      Finding f = t.finding();
      log.info(
          "{} {} -> {} ({}): {}",
          f.type(),
          t.previousStatus(),
          f.status(),
          f.reason(),
          f.message());
      operator.events().emit(resource, f.severity(), f.reason(), f.type() + ": " + f.message());
      if (t.statusOrReasonChanged()) {
        operator.metrics().conditionTransition(kind, f.type(), f.status(), f.reason());
      }
    }
  }

  static String describe(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
