package io.fleetloop.operator.common;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.Objects;

/**
 * Owner references the operator puts on what it creates for a resource (a FleetRelease's focus
 * DataTrigger and its loop's TrainingRuns), and the check that an object is owned by a resource.
 */
public final class Ownership {

  private Ownership() {}

  /**
   * A reference to {@code owner}; {@code controller} marks the one managing controller. It never
   * blocks the owner's deletion.
   */
  public static OwnerReference referenceTo(HasMetadata owner, boolean controller) {
    return new OwnerReferenceBuilder()
        .withApiVersion(owner.getApiVersion())
        .withKind(owner.getKind())
        .withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid())
        .withBlockOwnerDeletion(false)
        .withController(controller)
        .build();
  }

  /**
   * True when {@code object} has an owner reference to {@code owner}: by uid, or, for an owner
   * without a uid (not yet stored), by kind and name.
   */
  public static boolean ownedBy(HasMetadata object, HasMetadata owner) {
    String uid = owner.getMetadata().getUid();
    return object.getMetadata().getOwnerReferences().stream()
        .anyMatch(
            o ->
                uid != null
                    ? Objects.equals(o.getUid(), uid)
                    : Objects.equals(o.getKind(), owner.getKind())
                        && Objects.equals(o.getName(), owner.getMetadata().getName()));
  }
}
