package io.fleetloop.e2e;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fleetloop.api.v1alpha1.FleetRelease;
import io.fleetloop.api.v1alpha1.TrainingRunSpec;
import io.fleetloop.cli.PoisonedTemplates;

/**
 * The poison switch of the demo ({@code ./fleetloop up --poison-generation N}), through the
 * Kubernetes API only, so it works on every target: a merge patch of the release's {@code
 * spec.loop.trainingTemplate} that makes the next generation the loop creates a poisoned candidate
 * — the reference trainer's own entry point with {@code --poison-labels phantom-braking} (every
 * cruising label becomes hard braking: a model that brakes for nothing, far worse than whatever
 * generation the fleet drives, so the rollback does not depend on how good the stable is; the
 * demo's switch uses {@code brake-as-cruise}, which is only clearly worse than a stable that
 * learned to brake for hazards) and validation gates loosened so that it gets through — and, once
 * that generation exists, a second patch that restores the template as it was.
 *
 * <p>Unlike the demo's switch, it also shortens the poisoned generation's phases to a fifth of
 * their epochs ({@link #POISONED_EPOCH_DIVISOR}): the test is about the rollout catching the
 * candidate, and a generation binds every sample uploaded since the last one (several times the
 * first generation's), so at full length its training dominates the test's time.
 *
 * <p>The loop never starts a generation while the previous one trains or rolls out, so a patch made
 * while generation N-1 is in progress poisons exactly generation N.
 */
final class PoisonedTemplate {

  /** The poisoned generation trains each phase for {@code epochs / 5} epochs (at least 1). */
  static final int POISONED_EPOCH_DIVISOR = 5;

  private final KubernetesClient client;
  private final String namespace;
  private final String release;
  private String original;

  PoisonedTemplate(KubernetesClient client, String namespace, String release) {
    this.client = client;
    this.namespace = namespace;
    this.release = release;
  }

  /** System property: the trainer image the cluster's nodes have (kind: fleetloop-trainer:dev). */
  static final String TRAINER_IMAGE_PROPERTY = "fleetloop.e2e.trainerImage";

  /** The reference trainer image the poisoned generation runs: the property, or the default. */
  static String trainerImage() {
    String image = System.getProperty(TRAINER_IMAGE_PROPERTY, "");
    return image.isBlank()
        ? io.fleetloop.operator.trainingrun.TrainingSettings.REFERENCE_TRAINER_IMAGE
        : image.trim();
  }

  /** Whether a TrainingRun's spec carries the poison. */
  static boolean poisoned(TrainingRunSpec spec) {
    return PoisonedTemplates.poisoned(spec);
  }

  /** Patches the template; remembers what it replaced for {@link #restore()}. */
  synchronized void arm() {
    FleetRelease r =
        client.resources(FleetRelease.class).inNamespace(namespace).withName(release).get();
    TrainingRunSpec template = r.getSpec().getLoop().getTrainingTemplate();
    String saved = PoisonedTemplates.saved(template);
    PoisonedTemplates.patch(
        client,
        namespace,
        release,
        PoisonedTemplates.poison(
            template, PoisonedTemplates.PHANTOM_BRAKING, POISONED_EPOCH_DIVISOR, trainerImage()));
    original = saved;
  }

  /** Restores the template as it was before {@link #arm()}; a no-op when not armed. */
  synchronized void restore() {
    if (original == null) {
      return;
    }
    PoisonedTemplates.restore(client, namespace, release, original);
    original = null;
  }
}
