package io.fleetloop.local;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * How to run a {@link LocalStack}.
 *
 * @param dataDir root of the component directories, the kubeconfig and {@code state.json}
 * @param components what to start
 * @param persistent keep PostgreSQL and S3 data between starts and sync to disk ({@code fleetloop
 *     up}); otherwise fresh, in-memory where possible, no fsync (tests)
 * @param kubeApiPort the API server's port, 0 for a free one
 * @param extraCrds CRDs to create in the API server besides the project's
 * @param parallel start the components concurrently (faster in total) or one after the other
 *     (cleaner per-component timings)
 * @param startTimeout how long each component may take to become ready
 * @param progress where progress lines go
 */
public record LocalStackOptions(
    Path dataDir,
    Set<ComponentKind> components,
    boolean persistent,
    int kubeApiPort,
    List<CustomResourceDefinition> extraCrds,
    boolean parallel,
    Duration startTimeout,
    Consumer<String> progress) {

  public LocalStackOptions {
    dataDir = dataDir.toAbsolutePath().normalize();
    components =
        components.isEmpty() ? EnumSet.noneOf(ComponentKind.class) : EnumSet.copyOf(components);
    extraCrds = List.copyOf(extraCrds);
  }

  /** Everything, persistent, under {@code dataDir} (what {@code fleetloop up} uses). */
  public static LocalStackOptions local(Path dataDir) {
    return new LocalStackOptions(
        dataDir,
        EnumSet.allOf(ComponentKind.class),
        true,
        0,
        List.of(),
        true,
        Duration.ofSeconds(120),
        line -> System.out.println("[fleetloop] " + line));
  }

  /** Nothing yet (components are added on demand), ephemeral, under {@code dataDir}. */
  public static LocalStackOptions forTests(Path dataDir) {
    return new LocalStackOptions(
        dataDir,
        EnumSet.noneOf(ComponentKind.class),
        false,
        0,
        List.of(),
        true,
        Duration.ofSeconds(120),
        line -> System.out.println("[fleetloop-local] " + line));
  }

  public LocalStackOptions withComponents(Set<ComponentKind> kinds) {
    return new LocalStackOptions(
        dataDir, kinds, persistent, kubeApiPort, extraCrds, parallel, startTimeout, progress);
  }

  public LocalStackOptions withKubeApiPort(int port) {
    return new LocalStackOptions(
        dataDir, components, persistent, port, extraCrds, parallel, startTimeout, progress);
  }

  public LocalStackOptions withExtraCrds(List<CustomResourceDefinition> crds) {
    return new LocalStackOptions(
        dataDir, components, persistent, kubeApiPort, crds, parallel, startTimeout, progress);
  }

  public LocalStackOptions withParallel(boolean parallel) {
    return new LocalStackOptions(
        dataDir, components, persistent, kubeApiPort, extraCrds, parallel, startTimeout, progress);
  }

  public LocalStackOptions withStartTimeout(Duration timeout) {
    return new LocalStackOptions(
        dataDir, components, persistent, kubeApiPort, extraCrds, parallel, timeout, progress);
  }

  public LocalStackOptions withProgress(Consumer<String> progress) {
    return new LocalStackOptions(
        dataDir, components, persistent, kubeApiPort, extraCrds, parallel, startTimeout, progress);
  }

  /** {@code <dataDir>/state.json} */
  public Path stateFile() {
    return dataDir.resolve(StackState.FILE_NAME);
  }

  /** {@code <dataDir>/kubeconfig} */
  public Path kubeconfig() {
    return dataDir.resolve("kubeconfig");
  }

  /** {@code <dataDir>/<component id>} */
  public Path componentDir(ComponentKind kind) {
    return dataDir.resolve(kind.id());
  }
}
