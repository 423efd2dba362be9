package io.fleetloop.api.v1alpha1;

/** Group, version and category of the Fleetloop API. */
public final class FleetloopApi {

  public static final String GROUP = "fleetloop.io";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;

  /** {@code kubectl get fleetloop} lists all four kinds. */
  public static final String CATEGORY = "fleetloop";

  /** Annotation that asks a FleetRelease for an action: promote, abort, undo or retry. */
  public static final String ACTION_ANNOTATION = GROUP + "/action";

  private FleetloopApi() {}
}
