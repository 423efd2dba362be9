package io.fleetloop.cli;

import io.fleetloop.local.ComponentKind;
import io.fleetloop.local.ComponentStartException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fleetloop up}: the picocli shell over {@link LocalLoop}: starts the local stack, the
 * control plane, the training half and a simulated fleet, applies {@code manifests/demo/} (or
 * {@code --examples DIR}), prints where everything is and one block per generation, and runs until
 * Ctrl-C (or {@code fleetloop down}).
 */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Starts Fleetloop on this machine with real components on loopback: an in-memory Kubernetes"
          + " API server, PostgreSQL, an S3 server and Pulsar, the operator, the curator, a node"
          + " agent and a simulated fleet; applies manifests/demo and runs the closed loop"
          + " generation after generation until Ctrl-C, printing each generation's intervention"
          + " rate and each rollout (also as CSV/JSON in <data-dir>/loop/).",
      "Stop it with Ctrl-C or, from another terminal, `fleetloop down`."
    })
public final class UpCommand implements Callable<Integer> {

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Data, logs, kubeconfig, state file and loop report (default: <checkout>/.fleetloop).")
  Path dataDir;

  @Option(names = "--no-pulsar", description = "Do not start Pulsar.")
  boolean noPulsar;

  @Option(names = "--no-s3", description = "Do not start the S3 server.")
  boolean noS3;

  @Option(names = "--no-postgres", description = "Do not start PostgreSQL.")
  boolean noPostgres;

  @Option(names = "--no-operator", description = "Do not start the operator.")
  boolean noOperator;

  @Option(
      names = "--kube-port",
      paramLabel = "PORT",
      defaultValue = "0",
      description = "Port of the API server (default: a free one).")
  int kubePort;

  @Option(
      names = "--audit-port",
      paramLabel = "PORT",
      defaultValue = "7443",
      description =
          "Query port of the audit log (the append port is the next one; 0: free ports)."
              + " Default: ${DEFAULT-VALUE}, what `fleetloop audit` expects.")
  int auditPort;

  @Option(
      names = "--examples",
      paramLabel = "DIR",
      description =
          "Resources applied once the control plane runs (default: <checkout>/manifests/demo,"
              + " sized for the local fleet; manifests/examples is the realistic example).")
  Path examples;

  @Option(
      names = "--fleet-size",
      paramLabel = "N",
      defaultValue = "100",
      description =
          "Simulated vehicles driving through the edge agent and uploading through ingest"
              + " (0: no fleet). Default: ${DEFAULT-VALUE}.")
  int fleetSize;

  @Option(
      names = "--time-lapse",
      paramLabel = "N",
      defaultValue = "" + LocalLoop.Options.DEFAULT_TIME_LAPSE,
      description =
          "Simulated seconds the fleet drives per wall-clock second (1: real time)."
              + " Default: ${DEFAULT-VALUE}.")
  int timeLapse;

  @Option(
      names = "--poison-generation",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "Make the loop's generation N (TrainingRun <release>-gN) a poisoned candidate: trained"
              + " with braking relabelled as cruising and loosened validation gates, injected"
              + " through the API server, to show the rollout rolling it back (0: off).")
  int poisonGeneration;

  @Option(
      names = "--ingest-port",
      paramLabel = "PORT",
      defaultValue = "7445",
      description = "Port of the ingest service devices upload to (0: a free one).")
  int ingestPort;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "1",
      description = "Seed of the reference world and the generation-0 policy.")
  long seed;

  @Option(
      names = "--sequential",
      description =
          "Start the components one after the other (slower; clean per-component timings).")
  boolean sequential;

  @Option(
      names = "--stop-when-ready",
      description = "Start everything, print the summary, then stop again (smoke test, timings).")
  boolean stopWhenReady;

  @Override
  public Integer call() throws Exception {
    Path dir = dataDir != null ? dataDir.toAbsolutePath().normalize() : Main.defaultDataDir();
    LocalLoop.Options options;
    try {
      options =
          LocalLoop.Options.defaults(dir)
              .withComponents(components())
              .withKubePort(kubePort)
              .withAuditPort(auditPort)
              .withIngestPort(ingestPort)
              .withFleetSize(fleetSize)
              .withSeed(seed)
              .withTimeLapse(timeLapse)
              .withPoisonGeneration(poisonGeneration)
              .withParallel(!sequential)
              .withOperator(!noOperator);
    } catch (IllegalArgumentException e) {
      System.err.println("fleetloop up: " + e.getMessage());
      return 2;
    }
    if (examples != null) {
      options = options.withResources(examples.toAbsolutePath().normalize());
    }
    LocalLoop loop = new LocalLoop(options);
    Runtime.getRuntime().addShutdownHook(new Thread(loop::close, "fleetloop-up-shutdown"));
    try {
      loop.start();
    } catch (ComponentStartException e) {
      System.err.println("fleetloop up: " + e.getMessage());
      return 1;
    } catch (RuntimeException | Error e) {
      System.err.println("fleetloop up: starting failed: " + e);
      e.printStackTrace();
      return 1;
    }
    loop.printSummary();
    if (stopWhenReady) {
      loop.close();
      return 0;
    }
    System.out.println("[fleetloop] running; Ctrl-C or `./fleetloop down` stops everything");
    new CountDownLatch(1).await(); // until the JVM shuts down
    return 0;
  }

  private Set<ComponentKind> components() {
    Set<ComponentKind> kinds = EnumSet.allOf(ComponentKind.class);
    if (noPulsar) {
      kinds.remove(ComponentKind.PULSAR);
    }
    if (noS3) {
      kinds.remove(ComponentKind.S3);
    }
    if (noPostgres) {
      kinds.remove(ComponentKind.POSTGRES);
    }
    return kinds;
  }
}
