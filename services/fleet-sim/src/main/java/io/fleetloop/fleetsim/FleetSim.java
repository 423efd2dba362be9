package io.fleetloop.fleetsim;

import io.fleetloop.edge.AssignmentTriggers;
import io.fleetloop.edge.DeviceKeys;
import io.fleetloop.edge.DeviceModels;
import io.fleetloop.edge.FleetRegistry;
import io.fleetloop.edge.FleetReleaseLink;
import io.fleetloop.edge.SimulatedFleet;
import io.fleetloop.edge.TimeLapseDrive;
import io.fleetloop.edge.Uplink;
import io.fleetloop.ingest.api.DeviceRegistry;
import io.fleetloop.trigger.Device;
import io.fleetloop.world.FleetSimulator;
import io.fleetloop.world.PolicyModel;
import io.fleetloop.world.PolicyTraining;
import io.fleetloop.world.WorldConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running simulated fleet: {@link FleetSimConfig#fleetSize()} reference-world vehicles driving
 * the generation-0 policy, each running the edge agent with the DataTriggers and models the release
 * channel assigns it (as itself, with a device token signed by the key derived from the fleet
 * secret), uploading the moments they capture to ingest and reporting counters and exposure to the
 * release channel, in time-lapse ({@link TimeLapseDrive}).
 */
public final class FleetSim implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FleetSim.class);

  /** Vehicles / ticks / epochs of the generation-0 policy's human demonstrations (as the CLI). */
  /**
   * The provenance written into a published base model: the same as {@code fleetloop up} writes, so
   * the artifact is byte for byte the one {@code up} publishes and the digest in {@code
   * manifests/demo}'s FleetRelease holds on a cluster too.
   */
  static final String PUBLISHED_BY = "fleetloop up";

  private static final int GEN0_VEHICLES = 200;

  private static final int GEN0_TICKS = 600;
  private static final int GEN0_EPOCHS = 4;

  private final SimulatedFleet fleet;
  private final FleetReleaseLink link;
  private final TimeLapseDrive drive;
  private final Optional<ObjectStore> store;
  private final List<String> triggerIds;

  private FleetSim(
      SimulatedFleet fleet,
      FleetReleaseLink link,
      TimeLapseDrive drive,
      Optional<ObjectStore> store,
      List<String> triggerIds) {
    this.fleet = fleet;
    this.link = link;
    this.drive = drive;
    this.store = store;
    this.triggerIds = triggerIds;
  }

  /**
   * Trains the generation-0 policy, checks the device registry (when configured), pulls the
   * assignments (waiting up to {@link FleetSimConfig#pullPatience()} for the release channel),
   * publishes the base models, and starts driving.
   *
   * @throws IllegalStateException when the device registry does not accept the fleet
   * @throws io.grpc.StatusRuntimeException when the release channel still cannot be reached or
   *     refuses the devices after the patience
   */
  public static FleetSim start(FleetSimConfig config) throws Exception {
    LOG.info("starting {}", config);
    Function<String, byte[]> keys = DeviceKeys.derived(config.fleetSecret());
    List<String> ids = deviceIds(config.fleetSize());
    if (config.devicesFile().isPresent()) {
      Path file = config.devicesFile().get();
      DeviceRegistry registry = loadRegistry(file);
      FleetRegistry.verify(registry, ids, keys, file.toString());
      LOG.info("the device registry {} accepts all {} devices", file, ids.size());
    }

    LOG.info("training the generation-0 policy (common conditions only, seed {})", config.seed());
    PolicyModel gen0 =
        PolicyTraining.generation0(config.seed(), GEN0_VEHICLES, GEN0_TICKS, GEN0_EPOCHS);
    WorldConfig world =
        WorldConfig.defaults().toBuilder()
            .vehicles(config.fleetSize())
            .threads(1)
            .seed(config.seed())
            .build();
    FleetSimulator simulator = FleetSimulator.driving(world, gen0);
    List<Device> devices = new ArrayList<>(config.fleetSize());
    for (int v = 0; v < config.fleetSize(); v++) {
      Device device = simulator.device(v);
      if (!device.id().equals(ids.get(v))) {
        throw new IllegalStateException(
            "vehicle " + v + " is " + device.id() + ", the registry check assumed " + ids.get(v));
      }
      devices.add(device);
    }

    Optional<ObjectStore> store = config.s3().map(ObjectStore::new);
    FleetReleaseLink link = null;
    SimulatedFleet fleet = null;
    try {
      for (String version : config.baseModels()) {
        publishBaseModel(store.orElseThrow(), config.bucket(), gen0, version);
      }
      Map<String, String> labels = config.labels();
      link =
          FleetReleaseLink.connect(
              config.releaseEndpoint(),
              devices,
              keys,
              d -> labels,
              FleetReleaseLink.Options.defaults().withReportEvery(config.reportEvery()));
      List<AssignmentTriggers.Assigned> assigned =
          TimeLapseDrive.pullUntilServed(
              link, config.pullPatience(), Duration.ofSeconds(2), line -> LOG.info("{}", line));
      Set<String> served = new TreeSet<>();
      assigned.forEach(a -> a.triggers().triggers().forEach(t -> served.add(t.id())));

      DeviceModels models =
          new DeviceModels(
              store
                  .<DeviceModels.ArtifactStore>map(s -> s::read)
                  .orElse(
                      uri -> {
                        throw new IllegalStateException(
                            "no object store configured ("
                                + FleetSimConfig.Env.S3_ENDPOINT
                                + "): cannot download "
                                + uri);
                      }));
      for (String version : config.factoryModels()) {
        models.preinstall(version, gen0);
      }
      link.installModels(models);

      List<AssignmentTriggers.Assigned> pulled = assigned;
      fleet =
          SimulatedFleet.builder(simulator, pulled.get(0).triggers())
              .triggersPerVehicle(v -> pulled.get(v).triggers())
              .deviceKeys(keys)
              .uplink(Uplink.Options.defaults().withThreads(config.uploadThreads()))
              .seed(config.seed())
              .build();
      fleet.start(config.ingestEndpoint());
      link.startReporting(fleet);
      TimeLapseDrive drive =
          TimeLapseDrive.start(
              fleet,
              link,
              config.ticksPerSecond(),
              config.progressEvery(),
              line -> LOG.info("[fleet] {}", line));
      List<String> triggerIds = List.copyOf(served);
      LOG.info(
          "[fleet] ready: {} simulated vehicles driving ({}x time-lapse) with labels {},"
              + " {} trigger(s) {} from the release channel at {} ({} distinct set(s)),"
              + " uploading to ingest at {}",
          config.fleetSize(),
          config.timeLapse(),
          labels,
          triggerIds.size(),
          triggerIds,
          config.releaseEndpoint(),
          link.cache().compiledSets(),
          config.ingestEndpoint());
      return new FleetSim(fleet, link, drive, store, triggerIds);
    } catch (Exception | Error e) {
      if (fleet != null) {
        fleet.close();
      }
      if (link != null) {
        link.close();
      }
      if (store.isPresent()) {
        store.get().close();
      }
      throw e;
    }
  }

  /** The ids of a fleet of {@code size} (as the reference world names its vehicles). */
  static List<String> deviceIds(int size) {
    return FleetRegistry.sequentialIds(WorldConfig.defaults().deviceIdPrefix(), size);
  }

  private static DeviceRegistry loadRegistry(Path file) {
    try {
      return DeviceRegistry.load(file);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "cannot read the device registry "
              + file
              + " ("
              + FleetSimConfig.Env.DEVICES_FILE
              + "): "
              + e.getMessage(),
          e);
    }
  }

  private static void publishBaseModel(
      ObjectStore store, String bucket, PolicyModel gen0, String version) throws Exception {
    byte[] bytes = gen0.derive(version, Map.of("publishedBy", PUBLISHED_BY)).toArtifact().toBytes();
    String key = "models/" + version + "/model.flm";
    String at;
    try {
      at = store.write(bucket, key, bytes);
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot publish base model version "
              + version
              + " to s3://"
              + bucket
              + "/"
              + key
              + " (does the bucket exist, are the credentials right?): "
              + e,
          e);
    }
    LOG.info("the fleet's generation-0 policy is base model version {} at {}", version, at);
  }

  /** Number of vehicles. */
  public int vehicles() {
    return fleet.vehicles();
  }

  /** The triggers the fleet got at start. */
  public List<String> triggerIds() {
    return triggerIds;
  }

  /** The simulated fleet (its counters). */
  public SimulatedFleet fleet() {
    return fleet;
  }

  /** The release channel link (its report counters). */
  public FleetReleaseLink link() {
    return link;
  }

  /** How long ago the last tick batch completed. */
  public Duration sinceLastTick() {
    return drive.sinceLastTick();
  }

  /** The progress line, now. */
  public String progress() {
    return TimeLapseDrive.progressLine(fleet, link);
  }

  /** Stops driving, reporting and uploading (what is still queued is dropped). */
  @Override
  public void close() {
    drive.close();
    link.close();
    try {
      fleet.close();
    } finally {
      store.ifPresent(
          s -> {
            try {
              s.close();
            } catch (Exception e) {
              LOG.warn("while closing the object store client: {}", e.toString());
            }
          });
    }
  }
}
