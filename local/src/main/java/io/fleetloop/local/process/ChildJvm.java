package io.fleetloop.local.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A child JVM running a {@link JavaBundle}: started with this JVM's own {@code java}, its output
 * appended to a log file, and told this JVM's pid so its watchdog ends it if this JVM dies.
 *
 * <p>The long classpath and JVM options go into an argument file ({@code <name>.jvm-args} next to
 * the log), so {@code ps} shows a readable command line: {@code java @.../pulsar.jvm-args
 * io.fleetloop.local.pulsar.PulsarStandaloneMain ...}.
 */
public final class ChildJvm {

  /** Read by the wrappers' {@code ParentWatchdog}. */
  static final String PARENT_PID_PROPERTY = "fleetloop.parent.pid";

  static final String PARENT_START_PROPERTY = "fleetloop.parent.start";

  private final String name;
  private final Process process;
  private final Path logFile;
  private final ProcessRef ref;

  private ChildJvm(String name, Process process, Path logFile) {
    this.name = name;
    this.process = process;
    this.logFile = logFile;
    this.ref = ProcessRef.of(process.toHandle(), name);
  }

  /**
   * Starts {@code mainClass} from {@code bundle} in {@code workDir}.
   *
   * @param name short name for messages and file names
   * @param jvmOptions heap size, system properties, {@code --add-opens} ...
   * @param args the main class's arguments
   */
  public static ChildJvm start(
      String name,
      JavaBundle bundle,
      String mainClass,
      List<String> jvmOptions,
      List<String> args,
      Path workDir,
      Path logFile)
      throws IOException {
    Files.createDirectories(workDir);
    Files.createDirectories(logFile.getParent());
    List<String> options = new ArrayList<>(jvmOptions);
    ProcessHandle self = ProcessHandle.current();
    options.add("-D" + PARENT_PID_PROPERTY + "=" + self.pid());
    self.info()
        .startInstant()
        .map(Instant::toEpochMilli)
        .ifPresent(start -> options.add("-D" + PARENT_START_PROPERTY + "=" + start));
    options.add("-cp");
    options.add(bundle.classpathString());
    Path argFile = logFile.resolveSibling(name + ".jvm-args");
    Files.write(argFile, options.stream().map(ChildJvm::quote).toList(), StandardCharsets.UTF_8);

    List<String> command = new ArrayList<>();
    command.add(javaExecutable().toString());
    command.add("@" + argFile);
    command.add(mainClass);
    command.addAll(args);
    Process process =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
            .start();
    return new ChildJvm(name, process, logFile);
  }

  /** The {@code java} of the running JVM. */
  public static Path javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  /** Argument files treat whitespace as a separator: quote anything with spaces or quotes. */
  private static String quote(String option) {
    if (option.chars().noneMatch(c -> Character.isWhitespace(c) || c == '"' || c == '\'')) {
      return option;
    }
    return '"' + option.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  public ProcessRef ref() {
    return ref;
  }

  public Path logFile() {
    return logFile;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Why the child is no longer usable, if it has exited. */
  public Optional<String> exitProblem() {
    if (process.isAlive()) {
      return Optional.empty();
    }
    return Optional.of(name + " process " + ref.pid() + " exited with code " + process.exitValue());
  }

  /** The last lines of the child's log. */
  public String logTail(int lines) {
    return LogTail.of(logFile, lines);
  }

  /** SIGTERM, wait up to {@code grace}, then SIGKILL. */
  public void stop(Duration grace) {
    ref.stop("TERM", grace);
  }
}
