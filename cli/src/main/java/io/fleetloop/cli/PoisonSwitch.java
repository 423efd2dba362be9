package io.fleetloop.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fleetloop.api.v1alpha1.FleetRelease;
import io.fleetloop.api.v1alpha1.TrainingRun;
import io.fleetloop.api.v1alpha1.TrainingRunSpec;
import io.fleetloop.operator.loop.LoopRuns;
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

  /** The trainer command of the poisoned generation (Jib's entry point plus the flag). */
  static final List<String> POISONED_COMMAND =
      PoisonedTemplates.command(PoisonedTemplates.BRAKE_AS_CRUISE);

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
    originals.put(key, PoisonedTemplates.saved(template));
    PoisonedTemplates.patch(
        client,
        r.getMetadata().getNamespace(),
        r.getMetadata().getName(),
        PoisonedTemplates.poison(template, PoisonedTemplates.BRAKE_AS_CRUISE, 1));
    states.put(key, State.PATCHED);
    out.printf(
        "[loop] %s: POISON SWITCH: the loop's training template now trains with --poison-labels"
            + " brake-as-cruise and gates loosened to accuracy >= %.2f, chip disagreement <= %.2f;"
            + " generation %d will be the poisoned candidate%n",
        key,
        PoisonedTemplates.LOOSE_MIN_ACCURACY,
        PoisonedTemplates.LOOSE_MAX_CHIP_DISAGREEMENT,
        generation);
  }

  private void restore(KubernetesClient client, String ns, String name) {
    String original = originals.get(ns + "/" + name);
    if (original != null) {
      PoisonedTemplates.restore(client, ns, name, original);
    }
  }

  /** Whether a run's spec carries the poison (the trainer command with the flag). */
  static boolean poisonedSpec(TrainingRunSpec spec) {
    return PoisonedTemplates.poisoned(spec);
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
