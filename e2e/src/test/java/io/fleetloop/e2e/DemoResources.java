package io.fleetloop.e2e;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fleetloop.api.v1alpha1.FleetRelease;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The resources of {@code manifests/demo/} (the demo-scale loop: pools, DataTriggers and a
 * FleetRelease whose {@code spec.loop} creates every generation), applied as they are.
 *
 * <p>{@link #apply} is idempotent and never undoes the loop's work: what exists is left as it is
 * (the loop promotes models into the release's {@code spec.model}; re-applying the file would send
 * a cluster that ran for a while back to generation 0), what is missing is created. So the same
 * test runs on a fresh target, on the embedded local loop (which applied them already) and on a
 * cluster that has run the demo for hours.
 */
final class DemoResources {

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private final Path directory;
  private final List<HasMetadata> resources;

  private DemoResources(Path directory, List<HasMetadata> resources) {
    this.directory = directory;
    this.resources = resources;
  }

  /** The directory of the demo: {@code <repository root>/manifests/demo}. */
  static Path directory() {
    String root = System.getProperty("fleetloop.root", "");
    return (root.isBlank() ? Path.of("..") : Path.of(root)).resolve("manifests").resolve("demo");
  }

  /** Reads every resource of {@link #directory()} (kustomization.yaml aside). */
  static DemoResources load() {
    Path dir = directory();
    List<HasMetadata> all = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.sorted().toList()) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".yaml") || name.startsWith("kustomization.")) {
          continue;
        }
        Object parsed = JSON.unmarshal(Files.readString(file));
        if (parsed instanceof List<?> list) {
          list.forEach(o -> all.add((HasMetadata) o));
        } else if (parsed instanceof HasMetadata one) {
          all.add(one);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the demo resources in " + dir, e);
    }
    DemoResources demo = new DemoResources(dir, List.copyOf(all));
    demo.release(); // fails with a clear message when the demo has no looping release
    return demo;
  }

  /** The demo's FleetRelease with a {@code spec.loop} (as written in the file). */
  FleetRelease release() {
    return resources.stream()
        .filter(r -> FleetRelease.KIND.equals(r.getKind()))
        .map(r -> JSON.convertValue(r, FleetRelease.class))
        .filter(r -> r.getSpec() != null && r.getSpec().getLoop() != null)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "manifests/demo ("
                        + directory
                        + ") holds no FleetRelease with spec.loop; the loop test needs one"));
  }

  /**
   * Creates every demo resource the cluster does not have (namespaces first); leaves the others
   * untouched. Returns what it created, as {@code Kind/name}.
   */
  List<String> apply(KubernetesClient client) {
    List<String> created = new ArrayList<>();
    List<HasMetadata> ordered = new ArrayList<>();
    resources.stream().filter(r -> r instanceof Namespace).forEach(ordered::add);
    resources.stream().filter(r -> !(r instanceof Namespace)).forEach(ordered::add);
    for (HasMetadata resource : ordered) {
      HasMetadata typed = typed(resource);
      if (client.resource(typed).get() != null) {
        continue;
      }
      try {
        client.resource(typed).create();
        created.add(typed.getKind() + "/" + typed.getMetadata().getName());
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) { // created meanwhile by someone else: as good
          throw new IllegalStateException(
              "cannot create "
                  + typed.getKind()
                  + "/"
                  + typed.getMetadata().getName()
                  + " of "
                  + directory
                  + ": "
                  + e.getMessage(),
              e);
        }
      }
    }
    return created;
  }

  /** The Fleetloop kinds as their typed classes (so the client finds their API), others as read. */
  private static HasMetadata typed(HasMetadata resource) {
    return switch (resource.getKind()) {
      case FleetRelease.KIND -> JSON.convertValue(resource, FleetRelease.class);
      case io.fleetloop.api.v1alpha1.DataTrigger.KIND ->
          JSON.convertValue(resource, io.fleetloop.api.v1alpha1.DataTrigger.class);
      case io.fleetloop.api.v1alpha1.HardwarePool.KIND ->
          JSON.convertValue(resource, io.fleetloop.api.v1alpha1.HardwarePool.class);
      case io.fleetloop.api.v1alpha1.TrainingRun.KIND ->
          JSON.convertValue(resource, io.fleetloop.api.v1alpha1.TrainingRun.class);
      default -> resource;
    };
  }
}
