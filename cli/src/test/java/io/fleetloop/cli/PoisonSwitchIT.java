package io.fleetloop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fleetloop.api.v1alpha1.FleetRelease;
import io.fleetloop.api.v1alpha1.TrainingRun;
import io.fleetloop.api.v1alpha1.TrainingRunSpec;
import io.fleetloop.local.ComponentKind;
import io.fleetloop.local.LocalStack;
import io.fleetloop.operator.loop.LoopRuns;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The poison switch against the in-memory API server, playing the loop controller by hand: the
 * template is poisoned only once generation N-1 exists, restored as soon as generation N exists,
 * and generation N is reported poisoned; a switch that comes too late poisons nothing.
 */
class PoisonSwitchIT {

  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  private final KubernetesClient client =
      LocalStack.shared(ComponentKind.KUBE_API).kubeApi().client();

  @Test
  void poisonsGenerationTwoThroughTheTemplateAndRestoresIt() throws Exception {
    String ns = "poison-" + System.nanoTime();
    FleetRelease release = demoRelease(ns);
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PoisonSwitch poison =
        new PoisonSwitch(2, new PrintStream(printed, true, StandardCharsets.UTF_8));

    poison.poll(client);
    assertThat(template(ns).getTrainer()).as("nothing before generation 1 exists").isNull();

    createRun(ns, 1, template(ns));
    poison.poll(client);
    TrainingRunSpec poisoned = template(ns);
    assertThat(PoisonSwitch.poisonedSpec(poisoned)).isTrue();
    assertThat(poisoned.getTrainer().getCommand()).isEqualTo(PoisonSwitch.POISONED_COMMAND);
    assertThat(poisoned.getValidation().getGates().getMinAccuracy())
        .isEqualTo(PoisonedTemplates.LOOSE_MIN_ACCURACY);
    // the rest of the template is untouched
    assertThat(poisoned.getPhases())
        .hasSameSizeAs(release.getSpec().getLoop().getTrainingTemplate().getPhases());
    assertThat(poisoned.getValidation().getSuites()).containsExactly("heldout", "tail");

    createRun(ns, 2, poisoned); // what the loop controller does: a copy of the template
    poison.poll(client);
    TrainingRunSpec restored = template(ns);
    assertThat(restored.getTrainer()).isNull();
    var demoGates = release.getSpec().getLoop().getTrainingTemplate().getValidation().getGates();
    assertThat(restored.getValidation().getGates().getMinAccuracy())
        .isEqualTo(demoGates.getMinAccuracy());
    assertThat(restored.getValidation().getGates().getMaxChipDisagreement())
        .isEqualTo(demoGates.getMaxChipDisagreement());
    assertThat(demoGates.getMaxChipDisagreement())
        .as("the poisoned template's gate differs from the demo's")
        .isNotEqualTo(PoisonedTemplates.LOOSE_MAX_CHIP_DISAGREEMENT);
    assertThat(poison.poisoned("model-y-na-g2")).isTrue();
    assertThat(poison.poisoned("model-y-na-g1")).isFalse();
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("POISON SWITCH")
        .contains("model-y-na-g2 (generation 2) is the POISONED candidate");
  }

  @Test
  void aSwitchThatComesTooLatePoisonsNothing() throws Exception {
    String ns = "poison-late-" + System.nanoTime();
    demoRelease(ns);
    createRun(ns, 1, template(ns));
    createRun(ns, 2, template(ns));
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PoisonSwitch poison =
        new PoisonSwitch(2, new PrintStream(printed, true, StandardCharsets.UTF_8));

    poison.poll(client);

    assertThat(template(ns).getTrainer()).isNull();
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("is too late");
  }

  /** manifests/demo's FleetRelease, in its own namespace. */
  private FleetRelease demoRelease(String ns) throws Exception {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .create();
    FleetRelease release;
    try (var in =
        Files.newInputStream(ROOT.resolve("manifests/demo/fleetrelease-model-y-na.yaml"))) {
      release = client.resources(FleetRelease.class).load(in).item();
    }
    release.getMetadata().setNamespace(ns);
    return client.resource(release).create();
  }

  private TrainingRunSpec template(String ns) {
    return client
        .resources(FleetRelease.class)
        .inNamespace(ns)
        .withName("model-y-na")
        .get()
        .getSpec()
        .getLoop()
        .getTrainingTemplate();
  }

  private void createRun(String ns, int generation, TrainingRunSpec spec) {
    TrainingRun run = new TrainingRun();
    run.getMetadata().setName("model-y-na-g" + generation);
    run.getMetadata().setNamespace(ns);
    run.getMetadata()
        .setLabels(
            Map.of(
                LoopRuns.RELEASE_LABEL,
                "model-y-na",
                LoopRuns.GENERATION_LABEL,
                Integer.toString(generation)));
    run.setSpec(spec);
    client.resource(run).create();
  }
}
