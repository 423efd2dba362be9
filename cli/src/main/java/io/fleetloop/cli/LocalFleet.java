package io.fleetloop.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fleetloop.api.common.ConditionTypes;
import io.fleetloop.api.v1alpha1.DataTrigger;
import io.fleetloop.api.v1alpha1.DataTriggerSpec;
import io.fleetloop.api.v1alpha1.DataTriggerStatus;
import io.fleetloop.audit.client.AuditClient;
import io.fleetloop.edge.AssignmentTriggers;
import io.fleetloop.edge.DeviceModels;
import io.fleetloop.edge.EdgeTrigger;
import io.fleetloop.edge.FleetReleaseLink;
import io.fleetloop.edge.SimulatedFleet;
import io.fleetloop.edge.SpecValues;
import io.fleetloop.edge.TimeLapseDrive;
import io.fleetloop.edge.Uplink;
import io.fleetloop.ingest.api.DeviceRegistry;
import io.fleetloop.ingest.lineage.AuditLineageSink;
import io.fleetloop.ingest.lineage.LineageBatcher;
import io.fleetloop.ingest.server.IngestConfig;
import io.fleetloop.ingest.server.IngestServer;
import io.fleetloop.ingest.store.S3Connection;
import io.fleetloop.local.LocalStack;
import io.fleetloop.trigger.Device;
import io.fleetloop.world.FleetSimulator;
import io.fleetloop.world.PolicyModel;
import io.fleetloop.world.PolicyTraining;
import io.fleetloop.world.WorldConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import java.io.InputStream;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.pulsar.client.api.PulsarClient;

/**
 * The simulated fleet of {@code fleetloop up}: {@code vehicles} reference-world vehicles, each
 * running the edge agent with the DataTriggers it pulled from the release channel (as itself, with
 * its signed device token; devices that got the same set share one compiled set), uploading through
 * a real ingest service into the stack's S3 server and Pulsar broker (lineage into the audit log
 * when it runs), and reporting its cumulative trigger counters and driving exposure to the release
 * channel every {@value #REPORT_EVERY} s (spread over the period, one shared channel), so the
 * operator fills in {@code DataTrigger} status.
 *
 * <p>The fleet drives in time-lapse (N simulated seconds, 10·N ticks of 100 ms, per wall-clock
 * second; {@code fleetloop up --time-lapse N}) and prints a progress line with the heartbeat of the
 * product, the intervention rate per 1,000 km, every {@value #REPORT_SECONDS} s.
 */
final class LocalFleet implements AutoCloseable {

  /** Simulated ticks per simulated second (a tick is 100 ms). */
  static final int TICKS_PER_SIMULATED_SECOND = 10;

  static final int REPORT_SECONDS = 10;
  static final String BUCKET = "fleetloop";

  /**
   * Seconds between two reports of one device to the release channel (also when a due poll for a
   * new assignment is made).
   */
  static final int REPORT_EVERY = 5;

  /** How long devices ask again while the release channel serves them no trigger. */
  static final int PULL_SECONDS = 30;

  /**
   * The labels the simulated devices announce to the release channel: the fleet the example
   * DataTriggers and FleetRelease select ({@code fleet: model-y-na}).
   */
  static final Map<String, String> FLEET_LABELS = Map.of("fleet", "model-y-na");

  private final SimulatedFleet fleet;
  private final FleetReleaseLink link;
  private final IngestServer ingest;
  private final S3Connection s3;
  private final PulsarClient pulsar;
  private final TimeLapseDrive drive;
  private final PrintStream out;
  private final List<String> triggerIds;
  private final PolicyModel policy;

  private LocalFleet(
      SimulatedFleet fleet,
      FleetReleaseLink link,
      IngestServer ingest,
      S3Connection s3,
      PulsarClient pulsar,
      TimeLapseDrive drive,
      PrintStream out,
      List<String> triggerIds,
      PolicyModel policy) {
    this.fleet = fleet;
    this.link = link;
    this.ingest = ingest;
    this.s3 = s3;
    this.pulsar = pulsar;
    this.drive = drive;
    this.out = out;
    this.triggerIds = triggerIds;
    this.policy = policy;
  }

  /**
   * Starts ingest on {@code ingestPort} and a fleet of {@code vehicles} driving the generation-0
   * policy with the DataTriggers whose {@code Compiled} condition is True, {@code timeLapse}
   * simulated seconds per wall-clock second.
   */
  static LocalFleet start(
      LocalStack stack,
      KubernetesClient client,
      int vehicles,
      int ingestPort,
      Optional<AuditTarget> audit,
      ReleaseTarget release,
      long seed,
      int timeLapse,
      Set<String> factoryVersions,
      PrintStream out)
      throws Exception {
    out.printf("[fleetloop] training the generation-0 policy (common conditions only)%n");
    PolicyModel gen0 = PolicyTraining.generation0(seed, 200, 600, 4);
    WorldConfig world =
        WorldConfig.defaults().toBuilder().vehicles(vehicles).threads(1).seed(seed).build();
    FleetSimulator simulator = FleetSimulator.driving(world, gen0);

    byte[] fleetSecret = new byte[32];
    new SecureRandom().nextBytes(fleetSecret);
    var keys = io.fleetloop.edge.DeviceKeys.derived(fleetSecret);
    DeviceRegistry registry = new DeviceRegistry();
    List<Device> devices = new ArrayList<>(vehicles);
    for (int v = 0; v < vehicles; v++) {
      Device device = simulator.device(v);
      devices.add(device);
      registry.register(device.id(), keys.apply(device.id()));
      release.devices().register(device.id(), keys.apply(device.id()));
    }
    FleetReleaseLink link =
        FleetReleaseLink.connect(
            release.target(),
            devices,
            keys,
            d -> FLEET_LABELS,
            FleetReleaseLink.Options.defaults().withReportEvery(Duration.ofSeconds(REPORT_EVERY)));
    List<AssignmentTriggers.Assigned> assigned;
    try {
      assigned =
          TimeLapseDrive.pullUntilServed(
              link,
              Duration.ofSeconds(PULL_SECONDS),
              Duration.ofMillis(500),
              line -> out.println("[fleetloop] " + line + " (labels " + FLEET_LABELS + ")"));
    } catch (RuntimeException | InterruptedException e) {
      link.close();
      throw e;
    }
    Set<String> served = new TreeSet<>();
    assigned.forEach(a -> a.triggers().triggers().forEach(t -> served.add(t.id())));
    List<String> triggerIds = List.copyOf(served);

    S3Connection s3 =
        S3Connection.open(
            stack.s3().endpoint(),
            stack.s3().accessKey(),
            stack.s3().secretKey(),
            stack.s3().region());
    DeviceModels models = new DeviceModels(uri -> readObject(s3.client(), uri));
    for (String version : factoryVersions) {
      models.preinstall(version, gen0);
    }
    link.installModels(models);
    PulsarClient pulsar = PulsarClient.builder().serviceUrl(stack.pulsar().serviceUrl()).build();
    IngestConfig config = IngestConfig.defaults().withPort(ingestPort).withBucket(BUCKET);
    LineageBatcher lineage =
        audit
            .map(
                a ->
                    new LineageBatcher(
                        new AuditLineageSink(
                            AuditClient.connect(
                                a.endpoint(),
                                AuditClient.Options.defaults().withAppendToken(a.token()))),
                        config.lineageBatchClips(),
                        config.lineageMaxDelay()))
            .orElseGet(LineageBatcher::disabled);
    IngestServer ingest =
        IngestServer.start(
            config,
            "127.0.0.1",
            registry,
            s3,
            pulsar,
            lineage,
            new SimpleMeterRegistry(),
            Clock.systemUTC());
    SimulatedFleet fleet =
        SimulatedFleet.builder(simulator, assigned.get(0).triggers())
            .triggersPerVehicle(v -> assigned.get(v).triggers())
            .deviceKeys(keys)
            .uplink(Uplink.Options.defaults().withThreads(8))
            .seed(seed)
            .build();
    fleet.start("127.0.0.1:" + ingest.port());
    link.startReporting(fleet);
    TimeLapseDrive drive =
        TimeLapseDrive.start(
            fleet,
            link,
            timeLapse * TICKS_PER_SIMULATED_SECOND,
            Duration.ofSeconds(REPORT_SECONDS),
            line -> out.println("[fleet] " + line));
    LocalFleet local =
        new LocalFleet(fleet, link, ingest, s3, pulsar, drive, out, triggerIds, gen0);
    out.printf(
        "[fleetloop] fleet of %d simulated vehicles driving (%dx time-lapse), %d trigger(s) %s"
            + " pulled from the release channel at %s (%d distinct set(s)), uploading to ingest on"
            + " 127.0.0.1:%d%n",
        vehicles,
        timeLapse,
        triggerIds.size(),
        triggerIds,
        release.target(),
        link.cache().compiledSets(),
        ingest.port());
    return local;
  }

  /** The bytes at {@code s3://bucket/key} in the stack's S3 server. */
  static byte[] readObject(MinioClient s3, String uri) throws Exception {
    if (!uri.startsWith("s3://") || uri.indexOf('/', 5) < 0) {
      throw new IllegalArgumentException("not an s3://bucket/key address: " + uri);
    }
    String bucket = uri.substring(5, uri.indexOf('/', 5));
    String key = uri.substring(uri.indexOf('/', 5) + 1);
    try (InputStream in =
        s3.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
      return in.readAllBytes();
    }
  }

  /** The release channel: its {@code host:port} and the devices it accepts. */
  record ReleaseTarget(String target, DeviceRegistry devices) {}

  /** The target of lineage records: the audit service's append endpoint and token. */
  record AuditTarget(String endpoint, String token) {}

  /**
   * The cluster's DataTriggers that compiled for their current generation, as the edge sees them.
   */
  static List<EdgeTrigger> compiledTriggers(KubernetesClient client) {
    List<EdgeTrigger> triggers = new ArrayList<>();
    for (DataTrigger t : client.resources(DataTrigger.class).inAnyNamespace().list().getItems()) {
      DataTriggerStatus status = t.getStatus();
      boolean compiled =
          status != null
              && status
                  .condition(DataTriggerStatus.COMPILED)
                  .filter(c -> ConditionTypes.TRUE.equals(c.getStatus()))
                  .filter(c -> t.getMetadata().getGeneration().equals(c.getObservedGeneration()))
                  .isPresent();
      if (!compiled) {
        continue;
      }
      triggers.add(toEdge(t));
    }
    return triggers;
  }

  static EdgeTrigger toEdge(DataTrigger t) {
    DataTriggerSpec spec = t.getSpec();
    EdgeTrigger.Builder b =
        EdgeTrigger.builder(
                EdgeTrigger.idOf(t.getMetadata().getNamespace(), t.getMetadata().getName()),
                spec.getCondition())
            .generation(t.getMetadata().getGeneration());
    if (spec.getPriority() != null) {
      b.priority(spec.getPriority());
    }
    if (spec.getSampling() != null && spec.getSampling().getRate() != null) {
      b.samplingRate(spec.getSampling().getRate());
    }
    if (spec.getBudget() != null) {
      if (spec.getBudget().getClipsPerDevicePerDay() != null) {
        b.clipsPerDevicePerDay(spec.getBudget().getClipsPerDevicePerDay());
      }
      if (spec.getBudget().getBytesPerDevicePerDay() != null) {
        b.bytesPerDevicePerDay(SpecValues.bytes(spec.getBudget().getBytesPerDevicePerDay()));
      }
    }
    if (spec.getWindow() != null) {
      if (spec.getWindow().getPreRoll() != null) {
        b.preRoll(SpecValues.duration(spec.getWindow().getPreRoll()));
      }
      if (spec.getWindow().getPostRoll() != null) {
        b.postRoll(SpecValues.duration(spec.getWindow().getPostRoll()));
      }
    }
    if (spec.getCooldown() != null) {
      b.cooldown(SpecValues.duration(spec.getCooldown()));
    }
    return b.build();
  }

  /**
   * What the vehicles run, e.g. {@code policy-g3 on 99, policy-g4 on 1, shadow policy-g4 on 100}:
   * the versions their agents report exposure under.
   */
  String modelsInUse() {
    return TimeLapseDrive.modelsInUse(fleet);
  }

  /** The policy every vehicle drives (generation 0). */
  PolicyModel policy() {
    return policy;
  }

  /** The simulated fleet (its counters). */
  SimulatedFleet fleet() {
    return fleet;
  }

  int ingestPort() {
    return ingest.port();
  }

  @Override
  public void close() {
    drive.close();
    link.close();
    try {
      fleet.close();
    } finally {
      try {
        ingest.stop(Duration.ofSeconds(2));
      } catch (Exception e) {
        out.println("[fleetloop] while stopping ingest: " + e);
      }
      try {
        pulsar.close();
      } catch (Exception e) {
        out.println("[fleetloop] while closing the Pulsar client: " + e);
      }
      try {
        s3.close();
      } catch (Exception e) {
        out.println("[fleetloop] while closing the S3 client: " + e);
      }
    }
  }
}
