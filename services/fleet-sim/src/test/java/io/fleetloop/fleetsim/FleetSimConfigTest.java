package io.fleetloop.fleetsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetSimConfigTest {

  private static Map<String, String> minimal() {
    Map<String, String> env = new HashMap<>();
    env.put("FLEETLOOP_INGEST_ENDPOINT", "fleetloop-ingest:9400");
    env.put("FLEETLOOP_RELEASE_ENDPOINT", "fleetloop-release.fleetloop-system.svc:9093");
    env.put("FLEETLOOP_FLEET_SECRET", "s3cret");
    return env;
  }

  @Test
  void defaultsNeedOnlyTheEndpointsAndTheSecret() {
    FleetSimConfig c = FleetSimConfig.fromEnv(minimal());
    assertThat(c.fleetSize()).isEqualTo(20);
    assertThat(c.ingestEndpoint()).isEqualTo("fleetloop-ingest:9400");
    assertThat(c.releaseEndpoint()).isEqualTo("fleetloop-release.fleetloop-system.svc:9093");
    assertThat(c.labels()).isEqualTo(Map.of("fleet", "model-y-na"));
    assertThat(c.fleetSecret()).isEqualTo("s3cret".getBytes(StandardCharsets.UTF_8));
    assertThat(c.devicesFile()).isEmpty();
    assertThat(c.timeLapse()).isEqualTo(10);
    assertThat(c.ticksPerSecond()).isEqualTo(100);
    assertThat(c.seed()).isEqualTo(1L);
    assertThat(c.s3()).isEmpty();
    assertThat(c.bucket()).isEqualTo("fleetloop");
    assertThat(c.factoryModels()).isEmpty();
    assertThat(c.baseModels()).isEmpty();
    assertThat(c.reportEvery()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.progressEvery()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.uploadThreads()).isEqualTo(4);
    assertThat(c.healthPort()).isEqualTo(8080);
    assertThat(c.pullPatience()).isEqualTo(Duration.ofSeconds(120));
  }

  @Test
  void everyVariableIsRead(@TempDir Path dir) throws Exception {
    Path secret = dir.resolve("fleet-secret");
    Files.writeString(secret, "from-a-file\n");
    Map<String, String> env = minimal();
    env.remove("FLEETLOOP_FLEET_SECRET");
    env.put("FLEETLOOP_FLEET_SECRET_FILE", secret.toString());
    env.put("FLEETLOOP_FLEET_SIZE", "50");
    env.put("FLEETLOOP_FLEET_LABELS", "fleet=model-y-eu, region = eu-west ");
    env.put("FLEETLOOP_DEVICES_FILE", "/etc/fleetloop/devices/devices.properties");
    env.put("FLEETLOOP_TIME_LAPSE", "20");
    env.put("FLEETLOOP_SEED", "7");
    env.put("FLEETLOOP_S3_ENDPOINT", "http://minio.fleetloop-minio.svc:9000");
    env.put("FLEETLOOP_S3_ACCESS_KEY", "ak");
    env.put("FLEETLOOP_S3_SECRET_KEY", "sk");
    env.put("FLEETLOOP_BUCKET", "models");
    env.put("FLEETLOOP_FACTORY_MODELS", "policy-g0,policy-g3");
    env.put("FLEETLOOP_PUBLISH_BASE_MODELS", "policy-g3");
    env.put("FLEETLOOP_REPORT_SECONDS", "5");
    env.put("FLEETLOOP_PROGRESS_SECONDS", "30");
    env.put("FLEETLOOP_UPLOAD_THREADS", "2");
    env.put("FLEETLOOP_HTTP_PORT", "8081");
    env.put("FLEETLOOP_PULL_PATIENCE_SECONDS", "300");

    FleetSimConfig c = FleetSimConfig.fromEnv(env);

    // the trailing newline of the file is not part of the secret
    assertThat(c.fleetSecret()).isEqualTo("from-a-file".getBytes(StandardCharsets.UTF_8));
    assertThat(c.fleetSize()).isEqualTo(50);
    assertThat(c.labels()).isEqualTo(Map.of("fleet", "model-y-eu", "region", "eu-west"));
    assertThat(c.devicesFile()).contains(Path.of("/etc/fleetloop/devices/devices.properties"));
    assertThat(c.ticksPerSecond()).isEqualTo(200);
    assertThat(c.seed()).isEqualTo(7L);
    assertThat(c.s3())
        .contains(new FleetSimConfig.S3("http://minio.fleetloop-minio.svc:9000", "ak", "sk"));
    assertThat(c.bucket()).isEqualTo("models");
    assertThat(c.factoryModels()).isEqualTo(Set.of("policy-g0", "policy-g3"));
    assertThat(c.baseModels()).isEqualTo(Set.of("policy-g3"));
    assertThat(c.reportEvery()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.progressEvery()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.uploadThreads()).isEqualTo(2);
    assertThat(c.healthPort()).isEqualTo(8081);
    assertThat(c.pullPatience()).isEqualTo(Duration.ofSeconds(300));
    assertThat(c.toString()).doesNotContain("from-a-file", "sk]").contains("***");
    assertThat(c).isEqualTo(FleetSimConfig.fromEnv(env));
  }

  @Test
  void blankValuesKeepTheDefaults() {
    Map<String, String> env = minimal();
    env.put("FLEETLOOP_FLEET_SIZE", "  ");
    env.put("FLEETLOOP_S3_ENDPOINT", "");
    FleetSimConfig c = FleetSimConfig.fromEnv(env);
    assertThat(c.fleetSize()).isEqualTo(20);
    assertThat(c.s3()).isEqualTo(Optional.empty());
  }

  @Test
  void mistakesNameTheVariable() {
    assertRefused(without("FLEETLOOP_INGEST_ENDPOINT"), "FLEETLOOP_INGEST_ENDPOINT is required");
    assertRefused(
        with("FLEETLOOP_RELEASE_ENDPOINT", "http://release:9093"),
        "FLEETLOOP_RELEASE_ENDPOINT must be host:port");
    assertRefused(without("FLEETLOOP_FLEET_SECRET"), "FLEETLOOP_FLEET_SECRET_FILE");
    assertRefused(with("FLEETLOOP_FLEET_SECRET", "   \n"), "FLEETLOOP_FLEET_SECRET_FILE");
    assertRefused(
        with("FLEETLOOP_FLEET_SECRET_FILE", "/no/such/file"),
        "FLEETLOOP_FLEET_SECRET_FILE=/no/such/file cannot be read");
    assertRefused(with("FLEETLOOP_FLEET_SIZE", "many"), "FLEETLOOP_FLEET_SIZE must be an integer");
    assertRefused(with("FLEETLOOP_FLEET_SIZE", "0"), "FLEETLOOP_FLEET_SIZE must be between 1");
    assertRefused(with("FLEETLOOP_TIME_LAPSE", "-1"), "FLEETLOOP_TIME_LAPSE must be between");
    assertRefused(with("FLEETLOOP_SEED", "x"), "FLEETLOOP_SEED must be an integer");
    assertRefused(with("FLEETLOOP_FLEET_LABELS", "model-y-na"), "has no key=value");
    assertRefused(with("FLEETLOOP_FLEET_LABELS", " , "), "names no label");
    assertRefused(
        with("FLEETLOOP_S3_ENDPOINT", "minio:9000"), "FLEETLOOP_S3_ENDPOINT must be http://");
    assertRefused(
        with("FLEETLOOP_S3_ENDPOINT", "http://minio:9000"),
        "FLEETLOOP_S3_ACCESS_KEY is required when FLEETLOOP_S3_ENDPOINT is set");
    assertRefused(
        with("FLEETLOOP_PUBLISH_BASE_MODELS", "policy-g3"),
        "FLEETLOOP_PUBLISH_BASE_MODELS needs an object store");
    assertRefused(
        with("FLEETLOOP_FACTORY_MODELS", "policy g3"), "'policy g3', which is not a model version");
  }

  private static Map<String, String> with(String name, String value) {
    Map<String, String> env = minimal();
    env.put(name, value);
    return env;
  }

  private static Map<String, String> without(String name) {
    Map<String, String> env = minimal();
    env.remove(name);
    return env;
  }

  private static void assertRefused(Map<String, String> env, String message) {
    assertThatThrownBy(() -> FleetSimConfig.fromEnv(env))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }
}
