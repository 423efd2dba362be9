package io.fleetloop.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code fleetloop}: the command line of the platform. {@code up} runs the whole stack on this
 * machine, {@code down} stops it from another terminal, {@code status} shows it, {@code validate}
 * checks manifests against the CRDs.
 */
@Command(
    name = "fleetloop",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Closed-loop fleet learning on Kubernetes.",
    subcommands = {
      UpCommand.class,
      DownCommand.class,
      StatusCommand.class,
      ValidateCommand.class,
      AuditCommand.class,
      HelpCommand.class
    })
public final class Main implements Runnable {

  /** Set by the {@code ./fleetloop} script: the checkout the CLI runs from. */
  static final String HOME_PROPERTY = "fleetloop.home";

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    configureLogging();
    int code;
    try {
      code = execute(args);
    } catch (Throwable t) { // an Error escaping picocli must still end the JVM
      t.printStackTrace();
      code = 70;
    }
    System.exit(code);
  }

  /** Runs the command line and returns the exit code (for tests). */
  static int execute(String... args) {
    return new CommandLine(new Main()).execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** The checkout: {@code -Dfleetloop.home}, else the working directory. */
  static Path home() {
    String home = System.getProperty(HOME_PROPERTY);
    return Path.of(home == null || home.isBlank() ? System.getProperty("user.dir") : home)
        .toAbsolutePath()
        .normalize();
  }

  /** {@code <home>/.fleetloop}: the local stack's data, kubeconfig and state file. */
  static Path defaultDataDir() {
    return home().resolve(".fleetloop");
  }

  /**
   * Without a logback configuration on the classpath logback logs everything at DEBUG: keep the
   * console to warnings, and this project's own messages at INFO.
   */
  private static void configureLogging() {
    if (System.getProperty("logback.configurationFile") != null
        || Main.class.getResource("/logback.xml") != null) {
      return;
    }
    if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
      context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
      context.getLogger("io.fleetloop").setLevel(Level.INFO);
    }
  }

  /** The version from the jar manifest, if any. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"fleetloop " + (version == null ? "0.1.0-SNAPSHOT" : version)};
    }
  }
}
