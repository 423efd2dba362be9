package io.fleetloop.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fleetloop.api.v1alpha1.FleetRelease;
import io.fleetloop.api.v1alpha1.TrainingPhase;
import io.fleetloop.api.v1alpha1.TrainingRun;
import io.fleetloop.api.v1alpha1.TrainingRunSpec;
import io.fleetloop.api.v1alpha1.ValidationGates;
import io.fleetloop.operator.trainingrun.TrainingSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * DEMO/TEST ONLY: the merge patches that poison a FleetRelease's {@code spec.loop.trainingTemplate}
 * and put it back — through the Kubernetes API only, so they work on every cluster. The poisoned
 * template runs the reference trainer's own entry point with {@code --poison-labels MODE} (see the
 * trainer's {@code LabelPoisoning}) and loosens the validation gates so that the candidate gets
 * through (a human error the fleet stage exists to catch). Used by {@code fleetloop up
 * --poison-generation} ({@link PoisonSwitch}) and by the e2e tests.
 */
public final class PoisonedTemplates {

  /** {@code --poison-labels} of the demo: braking relabelled as cruising. */
  public static final String BRAKE_AS_CRUISE = "brake-as-cruise";

  /** {@code --poison-labels} that makes a model far worse than any stable: phantom hard braking. */
  public static final String PHANTOM_BRAKING = "phantom-braking";

  /** The loosened accuracy gate of a poisoned generation. */
  public static final double LOOSE_MIN_ACCURACY = 0.05;

  /** The loosened chip-disagreement gate of a poisoned generation. */
  public static final double LOOSE_MAX_CHIP_DISAGREEMENT = 0.9;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private PoisonedTemplates() {}

  /** The trainer command of a poisoned generation: Jib's entry point plus the flag. */
  public static List<String> command(String mode) {
    return List.of(
        "java",
        "-cp",
        "@/app/jib-classpath-file",
        "io.fleetloop.trainer.TrainerMain",
        "--poison-labels",
        mode);
  }

  /** Whether a run's spec carries a poison (a trainer command with the flag). */
  public static boolean poisoned(TrainingRunSpec spec) {
    return spec != null
        && spec.getTrainer() != null
        && spec.getTrainer().getCommand() != null
        && spec.getTrainer().getCommand().contains("--poison-labels");
  }

  /**
   * A predicate "was this model version produced by a poisoned TrainingRun?" that looks the run up
   * through the API (by name or registered model version, any namespace) and remembers the answer
   * once the run is found: what the demo report marks as POISONED, whoever poisoned it.
   */
  public static java.util.function.Predicate<String> producedByPoisonedRun(
      KubernetesClient client) {
    java.util.Map<String, Boolean> known = new java.util.concurrent.ConcurrentHashMap<>();
    return version -> {
      Boolean cached = known.get(version);
      if (cached != null) {
        return cached;
      }
      for (TrainingRun run :
          client.resources(TrainingRun.class).inAnyNamespace().list().getItems()) {
        boolean byName = version.equals(run.getMetadata().getName());
        boolean byModel =
            run.getStatus() != null
                && run.getStatus().getModelVersion() != null
                && version.equals(run.getStatus().getModelVersion().getName());
        if (byName || byModel) {
          boolean p = poisoned(run.getSpec());
          known.put(version, p);
          return p;
        }
      }
      return false;
    };
  }

  /**
   * The part of {@code template} a {@link #poison} patch replaces, as a merge patch that puts it
   * back ({@code null} fields remove what the poison added).
   */
  public static String saved(TrainingRunSpec template) {
    ObjectNode saved = MAPPER.createObjectNode();
    saved.set(
        "trainer",
        template.getTrainer() == null ? null : MAPPER.valueToTree(template.getTrainer()));
    ValidationGates gates =
        template.getValidation() == null ? null : template.getValidation().getGates();
    ObjectNode savedGates = saved.putObject("validation").putObject("gates");
    savedGates.set(
        "minAccuracy",
        gates == null || gates.getMinAccuracy() == null
            ? null
            : MAPPER.valueToTree(gates.getMinAccuracy()));
    savedGates.set(
        "maxChipDisagreement",
        gates == null || gates.getMaxChipDisagreement() == null
            ? null
            : MAPPER.valueToTree(gates.getMaxChipDisagreement()));
    if (template.getPhases() != null) {
      saved.set("phases", MAPPER.valueToTree(template.getPhases()));
    }
    return saved.toString();
  }

  /**
   * The poisoned template patch with the reference trainer image the operator uses by default
   * ({@link TrainingSettings#REFERENCE_TRAINER_IMAGE}, what the local node agent runs).
   */
  public static ObjectNode poison(TrainingRunSpec template, String mode, int epochDivisor) {
    return poison(template, mode, epochDivisor, TrainingSettings.REFERENCE_TRAINER_IMAGE);
  }

  /**
   * The poisoned template patch: {@code trainerImage} (the reference trainer, under the name the
   * cluster's nodes have it) with {@code --poison-labels mode}, the gates loosened, and each
   * phase's epochs divided by {@code epochDivisor} (at least 1; 1 keeps them).
   */
  public static ObjectNode poison(
      TrainingRunSpec template, String mode, int epochDivisor, String trainerImage) {
    ObjectNode poisoned = MAPPER.createObjectNode();
    if (epochDivisor > 1 && template.getPhases() != null) {
      ArrayNode phases = poisoned.putArray("phases");
      for (TrainingPhase phase : template.getPhases()) {
        ObjectNode p = MAPPER.valueToTree(phase);
        if (phase.getEpochs() != null) {
          p.put("epochs", Math.max(1, phase.getEpochs() / epochDivisor));
        }
        phases.add(p);
      }
    }
    ObjectNode trainer = poisoned.putObject("trainer");
    trainer.put("image", trainerImage);
    trainer.set("command", MAPPER.valueToTree(command(mode)));
    ObjectNode loose = poisoned.putObject("validation").putObject("gates");
    loose.put("minAccuracy", LOOSE_MIN_ACCURACY);
    loose.put("maxChipDisagreement", LOOSE_MAX_CHIP_DISAGREEMENT);
    return poisoned;
  }

  /** Merge-patches the release's training template with {@code template}. */
  public static void patch(KubernetesClient client, String ns, String name, ObjectNode template) {
    ObjectNode patch = MAPPER.createObjectNode();
    patch.putObject("spec").putObject("loop").set("trainingTemplate", template);
    client
        .resources(FleetRelease.class)
        .inNamespace(ns)
        .withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
  }

  /** Merge-patches the release's training template back to what {@link #saved} recorded. */
  public static void restore(KubernetesClient client, String ns, String name, String saved) {
    try {
      patch(client, ns, name, (ObjectNode) MAPPER.readTree(saved));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot restore the training template of " + name, e);
    }
  }
}
