package io.fleetloop.operator.loop;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fleetloop.api.v1alpha1.DataTrigger;
import io.fleetloop.api.v1alpha1.DataTriggerSpec;
import io.fleetloop.api.v1alpha1.FleetRelease;
import io.fleetloop.operator.common.Ownership;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The release's focus DataTrigger, {@code <release>-focus}: created (owned and labelled by the
 * release) when the loop first has a focus, its {@code spec.condition} replaced when the focus
 * moves. A trigger of that name that the release does not own is left alone.
 */
final class FocusTrigger {

  /** Priority of the focus trigger: above the default 50, so it wins a short device budget. */
  static final int PRIORITY = 80;

  private static final Logger log = LoggerFactory.getLogger(FocusTrigger.class);

  private FocusTrigger() {}

  /** {@code <release>-focus}. */
  static String name(String release) {
    return release + "-focus";
  }

  /** The focus trigger as it is in the API server, if it exists and the release owns it. */
  static Optional<DataTrigger> current(KubernetesClient client, FleetRelease release) {
    DataTrigger t =
        client
            .resources(DataTrigger.class)
            .inNamespace(release.getMetadata().getNamespace())
            .withName(name(release.getMetadata().getName()))
            .get();
    if (t == null) {
      return Optional.empty();
    }
    if (!Ownership.ownedBy(t, release)) {
      log.warn(
          "DataTrigger {} exists but is not owned by FleetRelease {}: the loop leaves it alone",
          t.getMetadata().getName(),
          release.getMetadata().getName());
      return Optional.empty();
    }
    return Optional.of(t);
  }

  /**
   * Makes the focus trigger target {@code condition}: creates it, or replaces its condition.
   * Returns true when something was written.
   */
  static boolean ensure(
      KubernetesClient client,
      FleetRelease release,
      Optional<DataTrigger> existing,
      String condition) {
    String ns = release.getMetadata().getNamespace();
    String name = name(release.getMetadata().getName());
    if (existing.isEmpty()) {
      if (client.resources(DataTrigger.class).inNamespace(ns).withName(name).get() != null) {
        return false; // someone else's trigger of that name (warned in current())
      }
      client.resource(desired(release, condition)).create();
      log.info("created DataTrigger {} with condition {}", name, condition);
      return true;
    }
    DataTrigger t = existing.get();
    if (Objects.equals(t.getSpec().getCondition(), condition)) {
      return false;
    }
    String before = t.getSpec().getCondition();
    DataTrigger changed = Serialization.clone(t);
    changed.getSpec().setCondition(condition);
    // optimistic: a conflict (someone edited it meanwhile) fails this look, the next one retries
    client.resource(changed).update();
    log.info("DataTrigger {}: focus moved from {} to {}", name, before, condition);
    return true;
  }

  /**
   * Deletes the focus trigger when the release owns it ({@code spec.loop} was removed). Returns
   * true when one was deleted.
   */
  static boolean remove(KubernetesClient client, FleetRelease release) {
    Optional<DataTrigger> t = current(client, release);
    if (t.isEmpty()) {
      return false;
    }
    client.resource(t.get()).delete();
    log.info(
        "deleted DataTrigger {}: FleetRelease {} has no spec.loop any more",
        t.get().getMetadata().getName(),
        release.getMetadata().getName());
    return true;
  }

  static DataTrigger desired(FleetRelease release, String condition) {
    DataTrigger t = new DataTrigger();
    t.setMetadata(
        new ObjectMetaBuilder()
            .withName(name(release.getMetadata().getName()))
            .withNamespace(release.getMetadata().getNamespace())
            .withLabels(Map.of(LoopRuns.RELEASE_LABEL, release.getMetadata().getName()))
            .withOwnerReferences(Ownership.referenceTo(release, true))
            .build());
    t.setSpec(
        new DataTriggerSpec()
            .withFleetSelector(Serialization.clone(release.getSpec().getFleetSelector()))
            .withCondition(condition)
            .withPriority(PRIORITY));
    return t;
  }
}
