package io.fleetloop.e2e;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fleetloop.api.v1alpha1.DataTrigger;
import io.fleetloop.api.v1alpha1.FleetRelease;
import io.fleetloop.api.v1alpha1.HardwarePool;
import io.fleetloop.api.v1alpha1.TrainingPhase;
import io.fleetloop.api.v1alpha1.TrainingRun;
import io.fleetloop.api.v1alpha1.TrainingRunSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The example resources of {@code manifests/examples/}, read as typed objects and moved into a
 * test's own namespace, with the cluster-scoped pools renamed (and every reference to them) so that
 * a test never collides with the examples a user applied, or with another test run.
 *
 * <p>Their DataTriggers and FleetReleases select the fleet {@code fleet: e2e-<poolSuffix>}, which
 * no device announces, instead of the examples' {@code fleet: model-y-na}: a fleet may be driving
 * on the target (the embedded local loop's, or a cluster's fleet simulator), and the copies must
 * neither be served to its devices nor compete with the demo release for them.
 */
public final class Examples {

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private final List<HardwarePool> pools = new ArrayList<>();
  private final List<DataTrigger> triggers = new ArrayList<>();
  private final List<FleetRelease> releases = new ArrayList<>();
  private final List<TrainingRun> runs = new ArrayList<>();

  private Examples() {}

  /** The directory of the examples: {@code <repository root>/manifests/examples}. */
  public static Path directory() {
    String root = System.getProperty("fleetloop.root", "");
    Path base = root.isBlank() ? Path.of("..") : Path.of(root);
    return base.resolve("manifests").resolve("examples");
  }

  /** The label key the copies' fleet selectors match on. */
  public static final String FLEET_LABEL = "fleet";

  /** The fleet the copies select: {@code e2e-<poolSuffix>}, a fleet no device belongs to. */
  public static String isolatedFleet(String poolSuffix) {
    return "e2e-" + poolSuffix;
  }

  /**
   * Every example, in {@code namespace}, with each pool renamed to {@code <name>-<poolSuffix>} and
   * each fleet selector replaced by {@code fleet: }{@link #isolatedFleet}.
   */
  public static Examples load(String namespace, String poolSuffix) {
    Examples examples = new Examples();
    try (Stream<Path> files = Files.list(directory())) {
      for (Path file : files.sorted().toList()) {
        String name = file.getFileName().toString();
        if (!name.endsWith(".yaml") || name.equals("kustomization.yaml")) {
          continue;
        }
        for (HasMetadata doc : parse(Files.readString(file))) {
          examples.add(doc, namespace, poolSuffix);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the examples in " + directory(), e);
    }
    if (examples.pools.isEmpty()
        || examples.triggers.isEmpty()
        || examples.releases.isEmpty()
        || examples.runs.isEmpty()) {
      throw new IllegalStateException(
          "manifests/examples must hold at least one resource of each kind, found: "
              + examples.summary());
    }
    return examples;
  }

  public List<HardwarePool> pools() {
    return pools;
  }

  public List<DataTrigger> triggers() {
    return triggers;
  }

  public List<FleetRelease> releases() {
    return releases;
  }

  public List<TrainingRun> runs() {
    return runs;
  }

  /** A fresh copy of {@code resource}, to change without touching the loaded examples. */
  public static <R extends HasMetadata> R copy(R resource) {
    return JSON.clone(resource);
  }

  private String summary() {
    return "%d HardwarePool, %d DataTrigger, %d FleetRelease, %d TrainingRun"
        .formatted(pools.size(), triggers.size(), releases.size(), runs.size());
  }

  private static List<HasMetadata> parse(String yaml) {
    Object parsed = JSON.unmarshal(yaml);
    List<HasMetadata> docs = new ArrayList<>();
    if (parsed instanceof List<?> list) {
      list.forEach(o -> docs.add((HasMetadata) o));
    } else if (parsed instanceof HasMetadata one) {
      docs.add(one);
    }
    return docs;
  }

  private void add(HasMetadata doc, String namespace, String poolSuffix) {
    GenericKubernetesResource generic = JSON.convertValue(doc, GenericKubernetesResource.class);
    switch (generic.getKind()) {
      case HardwarePool.KIND -> {
        HardwarePool pool = JSON.convertValue(generic, HardwarePool.class);
        pool.getMetadata().setName(pool.getMetadata().getName() + "-" + poolSuffix);
        pools.add(pool);
      }
      case DataTrigger.KIND -> {
        DataTrigger trigger = JSON.convertValue(generic, DataTrigger.class);
        trigger.getMetadata().setNamespace(namespace);
        trigger.getSpec().setFleetSelector(isolatedSelector(poolSuffix));
        triggers.add(trigger);
      }
      case FleetRelease.KIND -> {
        FleetRelease release = JSON.convertValue(generic, FleetRelease.class);
        release.getMetadata().setNamespace(namespace);
        release.getSpec().setFleetSelector(isolatedSelector(poolSuffix));
        if (release.getSpec().getLoop() != null) {
          renamePools(release.getSpec().getLoop().getTrainingTemplate(), poolSuffix);
        }
        releases.add(release);
      }
      case TrainingRun.KIND -> {
        TrainingRun run = JSON.convertValue(generic, TrainingRun.class);
        run.getMetadata().setNamespace(namespace);
        renamePools(run.getSpec(), poolSuffix);
        runs.add(run);
      }
      default -> {
        // the namespace of the examples and anything else: not a Fleetloop resource
      }
    }
  }

  private static LabelSelector isolatedSelector(String poolSuffix) {
    return new LabelSelectorBuilder()
        .withMatchLabels(Map.of(FLEET_LABEL, isolatedFleet(poolSuffix)))
        .build();
  }

  private static void renamePools(TrainingRunSpec spec, String poolSuffix) {
    if (spec == null || spec.getPhases() == null) {
      return;
    }
    for (TrainingPhase phase : spec.getPhases()) {
      phase.setPool(phase.getPool() + "-" + poolSuffix);
    }
  }
}
