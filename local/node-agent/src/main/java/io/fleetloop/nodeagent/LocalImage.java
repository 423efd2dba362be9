package io.fleetloop.nodeagent;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How the node agent runs a container image as a local process: a Java main class on a classpath.
 * LOCAL STACK ONLY — a real cluster pulls and runs the image.
 *
 * @param image the image reference, e.g. {@code ghcr.io/fleetloop/trainer:0.1.0}
 * @param mainClass the class whose {@code main} stands for the image's entry point
 * @param classpath the classpath it runs with
 * @param jvmOptions options for the JVM (heap size, ...)
 */
public record LocalImage(
    String image, String mainClass, String classpath, List<String> jvmOptions) {

  public LocalImage {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(mainClass, "mainClass");
    Objects.requireNonNull(classpath, "classpath");
    jvmOptions = List.copyOf(jvmOptions);
  }

  /** {@code image=mainClass} with {@code classpath}, a small heap. */
  public static LocalImage parse(String spec, String classpath) {
    int eq = spec.indexOf('=');
    if (eq <= 0 || eq == spec.length() - 1) {
      throw new IllegalArgumentException(
          "an image mapping is IMAGE=MAIN_CLASS, e.g."
              + " ghcr.io/fleetloop/trainer:0.1.0=io.fleetloop.trainer.TrainerMain; got '"
              + spec
              + "'");
    }
    return new LocalImage(
        spec.substring(0, eq).trim(),
        spec.substring(eq + 1).trim(),
        classpath,
        List.of("-Xmx256m"));
  }

  /**
   * The arguments a container {@code command} adds before the container's args, when the command
   * runs this image's own entry point: {@code java [jvm options] [-cp CP] <mainClass> EXTRA...}
   * (how a Jib image is started, e.g. {@code ["java", "-cp", "@/app/jib-classpath-file",
   * "io.fleetloop.trainer.TrainerMain", "--poison-labels", "brake-as-cruise"]}) gives {@code
   * EXTRA}. The command's JVM options and classpath are the image's business and are not used here:
   * the local process runs with this mapping's classpath and options.
   *
   * @return empty when the command does not run this image's main class with {@code java}
   */
  public java.util.Optional<List<String>> entryPointArgs(List<String> command) {
    if (command == null || command.isEmpty()) {
      return java.util.Optional.of(List.of());
    }
    String first = command.get(0);
    if (!first.equals("java") && !first.endsWith("/java")) {
      return java.util.Optional.empty();
    }
    int at = command.indexOf(mainClass);
    if (at < 0) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(List.copyOf(command.subList(at + 1, command.size())));
  }

  /** The command line of a pod with {@code args}. */
  public List<String> command(List<String> args) {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new java.util.ArrayList<>();
    command.add(java.toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classpath);
    command.add(mainClass);
    command.addAll(args);
    return command;
  }
}
