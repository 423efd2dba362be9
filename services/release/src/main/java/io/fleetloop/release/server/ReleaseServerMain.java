package io.fleetloop.release.server;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fleetloop.ingest.api.DeviceRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The container entry point: configuration from the environment ({@link ReleaseConfig.Env}), the
 * device registry from {@code FLEETLOOP_DEVICES_FILE}, the in-cluster Kubernetes client.
 */
public final class ReleaseServerMain {

  private ReleaseServerMain() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> env = System.getenv();
    ReleaseConfig config = ReleaseConfig.fromEnv(env);
    String devicesFile = env.get(ReleaseConfig.Env.DEVICES_FILE);
    if (devicesFile == null || devicesFile.isBlank()) {
      throw new IllegalStateException(
          ReleaseConfig.Env.DEVICES_FILE + " must name the device registry file");
    }
    DeviceRegistry devices = DeviceRegistry.load(Path.of(devicesFile.trim()));
    KubernetesClient client =
        new KubernetesClientBuilder().withHttpClientFactory(new JdkHttpClientFactory()).build();
    ReleaseServer server = ReleaseServer.start(config, client, devices, Clock.systemUTC());
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  client.close();
                  stop.countDown();
                },
                "release-channel-shutdown"));
    stop.await();
  }
}
