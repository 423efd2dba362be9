package io.fleetloop.fleetsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetloop.edge.DeviceKeys;
import io.fleetloop.edge.FleetRegistry;
import io.fleetloop.ingest.api.DeviceRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one Secret of the kind overlay ({@code manifests/overlays/kind/fleet/}): the fleet secret the
 * simulator derives its device keys from, and the device registry ingest and the release channel
 * read, must describe the same devices with the same keys, for at least the fleet the simulator's
 * Deployment runs.
 */
class KindDeviceSecretTest {

  private static Path kindFleetDir() {
    String root = System.getProperty("fleetloop.root");
    Path base = root == null ? Path.of("../..") : Path.of(root);
    return base.resolve("manifests/overlays/kind/fleet");
  }

  @Test
  void theCommittedRegistryIsTheOneTheFleetSecretGenerates() throws Exception {
    Path dir = kindFleetDir();
    Map<String, String> env =
        Map.of("FLEETLOOP_FLEET_SECRET_FILE", dir.resolve("fleet-secret").toString());
    DeviceRegistry committed = DeviceRegistry.load(dir.resolve("devices.properties"));
    int size = committed.size();
    assertThat(size).isGreaterThanOrEqualTo(1);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status =
        FleetSimMain.printRegistry(
            new String[] {"registry", Integer.toString(size)},
            env,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            System.err);

    assertThat(status).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .as("regenerate with: FleetSimMain registry %d (see manifests/README.md)", size)
        .isEqualTo(Files.readString(dir.resolve("devices.properties"), StandardCharsets.UTF_8));
    FleetRegistry.verify(
        committed,
        FleetSim.deviceIds(size),
        DeviceKeys.derived(FleetSimConfig.fleetSecret(env)),
        "devices.properties");
  }

  @Test
  void theSimulatorDeploymentRunsNoMoreVehiclesThanTheRegistryHolds() throws Exception {
    Path dir = kindFleetDir();
    String deployment =
        Files.readString(dir.resolve("deployment-fleet-sim.yaml"), StandardCharsets.UTF_8);
    Matcher m =
        Pattern.compile("- name: FLEETLOOP_FLEET_SIZE\\s+value: \"(\\d+)\"").matcher(deployment);
    assertThat(m.find()).as("FLEETLOOP_FLEET_SIZE in deployment-fleet-sim.yaml").isTrue();
    int vehicles = Integer.parseInt(m.group(1));
    DeviceRegistry committed = DeviceRegistry.load(dir.resolve("devices.properties"));
    assertThat(vehicles).isBetween(1, committed.size());
  }

  @Test
  void aRegistryFromAnotherSecretIsRefusedNamingTheFirstDevice(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("devices.properties");
    Files.writeString(
        file,
        FleetRegistry.properties(
            FleetSim.deviceIds(3),
            DeviceKeys.derived("another".getBytes(StandardCharsets.UTF_8)),
            ""));
    DeviceRegistry other = DeviceRegistry.load(file);
    assertThatThrownBy(
            () ->
                FleetRegistry.verify(
                    other,
                    FleetSim.deviceIds(3),
                    DeviceKeys.derived("mine".getBytes(StandardCharsets.UTF_8)),
                    file.toString()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("device sim-00000 has another key")
        .hasMessageContaining(file.toString());
    assertThat(
            FleetRegistry.firstMismatch(
                other,
                FleetSim.deviceIds(4),
                DeviceKeys.derived("another".getBytes(StandardCharsets.UTF_8))))
        .contains("device sim-00003 is not in the registry");
    other.revoke("sim-00001");
    assertThat(
            FleetRegistry.firstMismatch(
                other,
                FleetSim.deviceIds(3),
                DeviceKeys.derived("another".getBytes(StandardCharsets.UTF_8))))
        .contains("device sim-00001 is revoked in the registry");
  }

  @Test
  void theRegistryCommandRefusesBadArguments() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    assertThat(
            FleetSimMain.printRegistry(
                new String[] {"registry"}, Map.of("FLEETLOOP_FLEET_SECRET", "x"), System.out, e))
        .isEqualTo(2);
    assertThat(
            FleetSimMain.printRegistry(
                new String[] {"registry", "0"},
                Map.of("FLEETLOOP_FLEET_SECRET", "x"),
                System.out,
                e))
        .isEqualTo(2);
    assertThat(FleetSimMain.printRegistry(new String[] {"registry", "3"}, Map.of(), System.out, e))
        .isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("usage:", "at least 1", "the fleet secret is required");
  }
}
