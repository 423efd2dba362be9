package io.fleetloop.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetloop.ingest.api.DeviceRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetRegistryTest {

  private static final Function<String, byte[]> KEYS =
      DeviceKeys.derived("registry-test".getBytes(StandardCharsets.UTF_8));

  @Test
  void theWrittenFileIsWhatIngestAndTheReleaseChannelLoad(@TempDir Path dir) throws Exception {
    List<String> ids = FleetRegistry.sequentialIds("sim-", 3);
    assertThat(ids).containsExactly("sim-00000", "sim-00001", "sim-00002");
    Path file = dir.resolve("devices.properties");
    Files.writeString(file, FleetRegistry.properties(ids, KEYS, "two\nlines"));

    assertThat(Files.readAllLines(file)).startsWith("# two", "# lines");
    DeviceRegistry registry = DeviceRegistry.load(file);
    assertThat(registry.size()).isEqualTo(3);
    for (String id : ids) {
      assertThat(registry.key(id)).hasValueSatisfying(k -> assertThat(k).isEqualTo(KEYS.apply(id)));
    }
    assertThat(FleetRegistry.firstMismatch(registry, ids, KEYS)).isEmpty();
    FleetRegistry.verify(registry, ids, KEYS, file.toString());
  }

  @Test
  void aDeviceIdThatCannotBeAPropertiesKeyIsRefused() {
    assertThatThrownBy(() -> FleetRegistry.properties(List.of("car 1"), KEYS, ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'car 1'");
    assertThatThrownBy(() -> FleetRegistry.properties(List.of("a=b"), KEYS, ""))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void verifyNamesTheRegistryAndTheFirstRefusedDevice() {
    DeviceRegistry registry = new DeviceRegistry().register("sim-00000", KEYS.apply("sim-00000"));
    assertThatThrownBy(
            () ->
                FleetRegistry.verify(
                    registry, FleetRegistry.sequentialIds("sim-", 2), KEYS, "/etc/devices"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("/etc/devices")
        .hasMessageContaining("device sim-00001 is not in the registry");
  }
}
