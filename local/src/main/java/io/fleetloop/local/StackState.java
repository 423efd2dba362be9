package io.fleetloop.local;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fleetloop.local.process.ProcessRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The contents of {@code <dataDir>/state.json}: who runs the stack (the launcher's pid), what it
 * started (pids with start times, so a reused pid is never signalled), where to reach it, and how
 * long each component took. Written atomically whenever it changes; read by {@code fleetloop
 * status}/{@code down} and by the clean-up of stacks whose launcher died.
 *
 * @param launcher the JVM that runs the stack
 * @param mode {@code local} (persistent, {@code fleetloop up}) or {@code test}
 * @param dataDir the stack's data directory
 * @param kubeconfig the kubeconfig file, if the API server runs
 * @param startedAt ISO-8601 instant
 * @param components by {@link ComponentKind#id()}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StackState(
    ProcessRef launcher,
    String mode,
    String dataDir,
    String kubeconfig,
    String startedAt,
    Map<String, ComponentState> components) {

  public static final String FILE_NAME = "state.json";

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /**
   * One component in the state file.
   *
   * @param status {@code starting}, {@code ready} or {@code failed}
   * @param processes its processes outside the launcher
   * @param endpoints URLs, ports, credentials
   * @param startupSeconds launch to ready
   * @param rssBytes resident memory of its processes when it became ready
   * @param logFile its log
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ComponentState(
      String status,
      List<ProcessRef> processes,
      Map<String, String> endpoints,
      Double startupSeconds,
      Long rssBytes,
      String logFile) {}

  /** Every process the state names, the launcher first. */
  public List<ProcessRef> allProcesses() {
    List<ProcessRef> all = new ArrayList<>();
    if (launcher != null) {
      all.add(launcher);
    }
    if (components != null) {
      components.values().stream()
          .filter(c -> c.processes() != null)
          .forEach(c -> all.addAll(c.processes()));
    }
    return all;
  }

  /** Whether the launcher that wrote this state is still running. */
  public boolean launcherAlive() {
    return launcher != null && launcher.alive();
  }

  /** A copy with one component's entry replaced. */
  public StackState with(ComponentKind kind, ComponentState state) {
    Map<String, ComponentState> copy =
        new LinkedHashMap<>(components == null ? Map.of() : components);
    copy.put(kind.id(), state);
    return new StackState(launcher, mode, dataDir, kubeconfig, startedAt, copy);
  }

  /** A copy with another kubeconfig. */
  public StackState withKubeconfig(String file) {
    return new StackState(launcher, mode, dataDir, file, startedAt, components);
  }

  /** Reads {@code <dataDir>/state.json}, if present and readable. */
  public static Optional<StackState> read(Path dataDir) {
    Path file = dataDir.resolve(FILE_NAME);
    try {
      return Optional.of(MAPPER.readValue(Files.readAllBytes(file), StackState.class));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new IllegalStateException("unreadable state file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes {@code <dataDir>/state.json} atomically. */
  public void write(Path dataDir) {
    Path file = dataDir.resolve(FILE_NAME);
    Path tmp = dataDir.resolve(FILE_NAME + ".tmp");
    try {
      Files.createDirectories(dataDir);
      Files.write(tmp, MAPPER.writeValueAsBytes(this));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** Deletes {@code <dataDir>/state.json} if present. */
  public static void delete(Path dataDir) {
    try {
      Files.deleteIfExists(dataDir.resolve(FILE_NAME));
    } catch (IOException e) {
      throw new IllegalStateException("cannot delete the state file in " + dataDir, e);
    }
  }
}
