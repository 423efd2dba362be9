package io.fleetloop.api.common;

/** CamelCase condition reasons shared by the reconcilers. */
public final class Reasons {

  /**
   * The spec breaks the CRD's contract (schema or validation rule); the message quotes the rule.
   */
  public static final String INVALID_SPEC = "InvalidSpec";

  /** The last reconciliation succeeded. */
  public static final String RECONCILED = "Reconciled";

  /** A referenced object does not exist. */
  public static final String REFERENCE_NOT_FOUND = "ReferenceNotFound";

  /** The reconciler hit an unexpected error; it retries with backoff. */
  public static final String RECONCILE_ERROR = "ReconcileError";

  private Reasons() {}
}
