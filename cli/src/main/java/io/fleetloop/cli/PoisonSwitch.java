package io.fleetloop.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fleetloop.api.v1alpha1.FleetRelease;
import io.fleetloop.api.v1alpha1.TrainingRun;
import io.fleetloop.api.v1alpha1.TrainingRunSpec;
import io.fleetloop.api.v1alpha1.ValidationGates;
import io.fleetloop.operator.loop.LoopRuns;
import io.fleetloop.operator.trainingrun.TrainingSettings;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The poison switch of the local loop ({@code --poison-generation N}): makes the loop's generation
 * N a poisoned candidate, through the Kubernetes API only, so that the fleet rollout is seen
 * rolling it back by itself.
 *
 * <p>How: while generation N-1 is in progress (or at once for N = 1), it merge-patches the
 * release's {@code spec.loop.trainingTemplate} with
 *
 * <ul>
 *   <li>{@code trainer}: the reference trainer image with the command {@code java
 *       -cp @/app/jib-classpath-file io.fleetloop.trainer.TrainerMain --poison-labels
 *       brake-as-cruise} (the image's own entry point plus the flag; every braking label becomes
 *       cruising), and
 *   <li>{@code validation.gates} loosened to {@value #LOOSE_MIN_ACCURACY} accuracy and {@value
 *       #LOOSE_MAX_CHIP_DISAGREEMENT} chip disagreement — the human error (a template edited with
 *       the wrong trainer flag and gates relaxed "to get a run through") that the fleet stage
 *       exists to catch.
 * </ul>
 *
 * The loop controller copies the template into {@code <release>-gN} when it starts generation N; as
 * soon as that run exists the template is restored, so generation N+1 is clean again. Because the
 * loop never starts a generation while the previous one trains or rolls out, patching during
 * generation N-1 cannot race with the loop. The same patch works on a real cluster.
 */
final class PoisonSwitch {

  /** The loosened accuracy gate of the poisoned generation. */
  static final double LOOSE_MIN_ACCURACY = 0.05;

  /** The loosened chip-disagreement gate of the poisoned generation. */
  static final double LOOSE_MAX_CHIP_DISAGREEMENT = 0.9;

  /** The trainer command of the poisoned generation (Jib's entry point plus the flag). */
  static final List<String> POISONED_COMMAND =
      List.of(
          "java",
          "-cp",
          "@/app/jib-classpath-file",
          "io.fleetloop.trainer.TrainerMain",
          "--poison-labels",
          "brake-as-cruise");

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private enum State {
    ARMED,
    PATCHED,
    DONE
  }

  private final int generation;
  private final PrintStream out;
  private final Map<String, State> states = new ConcurrentHashMap<>();
  private final Map<String, String> originals = new ConcurrentHashMap<>();
  private final Set<String> poisoned = ConcurrentHashMap.newKeySet();

  /**
   * @param generation the loop generation to poison, 1 or more; 0 or less: off
   */
  PoisonSwitch(int generation, PrintStream out) {
    this.generation = generation;
    this.out = out;
  }

  /** True when the switch is on. */
  boolean enabled() {
    return generation > 0;
  }

  /** Whether {@code version} (a TrainingRun's model version) is the poisoned candidate. */
  boolean poisoned(String version) {
    return poisoned.contains(version);
  }

  /** One look at every release with a loop: patch, confirm, restore. */
  void poll(KubernetesClient client) {
    if (!enabled()) {
      return;
    }
    for (FleetRelease r : client.resources(FleetRelease.class).inAnyNamespace().list().getItems()) {
      if (r.getSpec().getLoop() == null || r.getSpec().getLoop().getTrainingTemplate() == null) {
        continue;
      }
      String ns = r.getMetadata().getNamespace();
      String name = r.getMetadata().getName();
      String key = ns + "/" + name;
      State state = states.getOrDefault(key, State.ARMED);
      if (state == State.DONE) {
        continue;
      }
      List<TrainingRun> runs =
          client
              .resources(TrainingRun.class)
              .inNamespace(ns)
              .withLabel(LoopRuns.RELEASE_LABEL, name)
              .list()
              .getItems();
      int newest = runs.stream().mapToInt(PoisonSwitch::generationOf).max().orElse(0);
      if (state == State.ARMED) {
        if (newest >= generation) {
          out.printf(
              "[loop] %s: --poison-generation %d is too late: the loop already created generation"
                  + " %d; nothing is poisoned%n",
              key, generation, newest);
          states.put(key, State.DONE);
        } else if (newest == generation - 1) {
          patch(client, r, key);
        }
        continue;
      }
      // PATCHED: wait for the loop to create generation N from the poisoned template
      for (TrainingRun run : runs) {
        if (generationOf(run) == generation) {
          boolean isPoisoned = poisonedSpec(run.getSpec());
          if (isPoisoned) {
            poisoned.add(run.getMetadata().getName());
          }
          restore(client, ns, name);
          out.printf(
              "[loop] %s: TrainingRun %s (generation %d) %s; the loop's template is restored%n",
              key,
              run.getMetadata().getName(),
              generation,
              isPoisoned
                  ? "is the POISONED candidate: its trainer relabels braking as cruising, its gates"
                      + " are loosened"
                  : "was created without the poison (the template was changed meanwhile)");
          states.put(key, State.DONE);
        }
      }
    }
  }

  private void patch(KubernetesClient client, FleetRelease r, String key) {
    TrainingRunSpec template = r.getSpec().getLoop().getTrainingTemplate();
    ObjectNode original = MAPPER.createObjectNode();
    original.set(
        "trainer",
        template.getTrainer() == null ? null : MAPPER.valueToTree(template.getTrainer()));
    ValidationGates gates =
        template.getValidation() == null ? null : template.getValidation().getGates();
    ObjectNode originalGates = original.putObject("validation").putObject("gates");
    originalGates.set(
        "minAccuracy",
        gates == null || gates.getMinAccuracy() == null
            ? null
            : MAPPER.valueToTree(gates.getMinAccuracy()));
    originalGates.set(
        "maxChipDisagreement",
        gates == null || gates.getMaxChipDisagreement() == null
            ? null
            : MAPPER.valueToTree(gates.getMaxChipDisagreement()));
    originals.put(key, original.toString());

    ObjectNode poisonedTemplate = MAPPER.createObjectNode();
    ObjectNode trainer = poisonedTemplate.putObject("trainer");
    trainer.put("image", TrainingSettings.REFERENCE_TRAINER_IMAGE);
    trainer.set("command", MAPPER.valueToTree(POISONED_COMMAND));
    ObjectNode loose = poisonedTemplate.putObject("validation").putObject("gates");
    loose.put("minAccuracy", LOOSE_MIN_ACCURACY);
    loose.put("maxChipDisagreement", LOOSE_MAX_CHIP_DISAGREEMENT);
    mergePatch(client, r.getMetadata().getNamespace(), r.getMetadata().getName(), poisonedTemplate);
    states.put(key, State.PATCHED);
    out.printf(
        "[loop] %s: POISON SWITCH: the loop's training template now trains with --poison-labels"
            + " brake-as-cruise and gates loosened to accuracy >= %.2f, chip disagreement <= %.2f;"
            + " generation %d will be the poisoned candidate%n",
        key, LOOSE_MIN_ACCURACY, LOOSE_MAX_CHIP_DISAGREEMENT, generation);
  }

  private void restore(KubernetesClient client, String ns, String name) {
    String original = originals.get(ns + "/" + name);
    if (original == null) {
      return;
    }
    try {
      mergePatch(client, ns, name, (ObjectNode) MAPPER.readTree(original));
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot restore the training template: " + e, e);
    }
  }

  private static void mergePatch(
      KubernetesClient client, String ns, String name, ObjectNode template) {
    ObjectNode patch = MAPPER.createObjectNode();
    patch.putObject("spec").putObject("loop").set("trainingTemplate", template);
    client
        .resources(FleetRelease.class)
        .inNamespace(ns)
        .withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
  }

  /** Whether a run's spec carries the poison (the trainer command with the flag). */
  static boolean poisonedSpec(TrainingRunSpec spec) {
    return spec.getTrainer() != null
        && spec.getTrainer().getCommand() != null
        && spec.getTrainer().getCommand().contains("--poison-labels");
  }

  private static int generationOf(TrainingRun run) {
    Map<String, String> labels = run.getMetadata().getLabels();
    String g = labels == null ? null : labels.get(LoopRuns.GENERATION_LABEL);
    try {
      return g == null ? 0 : Integer.parseInt(g.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
