package io.fleetloop.ingest.bench;

import io.fleetloop.ingest.core.IngestLimits;
import io.fleetloop.ingest.server.IngestEnvironment;
import io.fleetloop.ingest.server.IngestServiceMain;
import io.fleetloop.local.LocalStack;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * One ingest replica as it is deployed: {@link IngestServiceMain} in a JVM of its own, configured
 * by environment variables, so that the benchmark measures its CPU (and its JIT, which warms up on
 * ingest's code alone) apart from the devices and the raw clients.
 */
final class IngestProcess implements AutoCloseable {

  private final Process process;
  private final int port;

  private IngestProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts a replica for {@code devices} on the stack's S3 and Pulsar; waits until it listens. */
  static IngestProcess start(
      LocalStack stack,
      Path dir,
      String bucket,
      String topic,
      List<String> devices,
      IngestLimits limits)
      throws Exception {
    Files.createDirectories(dir);
    StringBuilder registry = new StringBuilder();
    for (String d : devices) {
      registry
          .append("device.")
          .append(d)
          .append('=')
          .append(Base64.getEncoder().encodeToString(IngestEnvironment.keyOf(d)))
          .append('\n');
    }
    Path registryFile = dir.resolve("devices.properties");
    Files.writeString(registryFile, registry);
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // extra JVM options for the replica, e.g. -Dingest.jvmArgs=-XX:+PrintCompilation
    String extra = System.getProperty("ingest.jvmArgs", "").trim();
    if (!extra.isEmpty()) {
      command.addAll(List.of(extra.split("\\s+")));
    }
    command.addAll(List.of("-cp", classPath(), IngestServiceMain.class.getName()));
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("ingest.log").toFile());
    Map<String, String> env = pb.environment();
    env.put("INGEST_PORT", Integer.toString(port));
    env.put("INGEST_BUCKET", bucket);
    env.put("INGEST_TOPIC", topic);
    env.put("INGEST_DEVICE_REGISTRY", registryFile.toString());
    env.put("S3_ENDPOINT", stack.s3().endpoint());
    env.put("S3_ACCESS_KEY", stack.s3().accessKey());
    env.put("S3_SECRET_KEY", stack.s3().secretKey());
    env.put("S3_REGION", stack.s3().region());
    env.put("PULSAR_URL", stack.pulsar().serviceUrl());
    env.put("INGEST_MAX_CLIP_BYTES", Long.toString(limits.maxClipBytes()));
    env.put("INGEST_DEVICE_CLIPS_PER_SECOND", Double.toString(limits.clipsPerSecond()));
    env.put("INGEST_DEVICE_CLIP_BURST", Integer.toString(limits.clipBurst()));
    env.put("INGEST_DEVICE_BYTES_PER_SECOND", Double.toString(limits.bytesPerSecond()));
    env.put("INGEST_DEVICE_BYTE_BURST", Long.toString(limits.byteBurst()));
    IngestProcess ingest = new IngestProcess(pb.start(), port);
    long deadline = System.nanoTime() + 90_000_000_000L;
    while (!ingest.listening()) {
      if (!ingest.process.isAlive()) {
        throw new IllegalStateException(
            "ingest exited with "
                + ingest.process.exitValue()
                + "; see "
                + dir.resolve("ingest.log"));
      }
      if (System.nanoTime() > deadline) {
        ingest.close();
        throw new IllegalStateException("ingest did not listen within 90 s; see " + dir);
      }
      Thread.sleep(100);
    }
    return ingest;
  }

  private boolean listening() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  /**
   * This JVM's class path: the benchmark's class loader's when it has one (exec:java runs the
   * benchmark in a loader of its own), else {@code java.class.path}.
   */
  private static String classPath() throws URISyntaxException {
    if (IngestProcess.class.getClassLoader() instanceof URLClassLoader loader) {
      List<String> entries = new ArrayList<>();
      for (URL url : loader.getURLs()) {
        entries.add(Paths.get(url.toURI()).toString());
      }
      return String.join(File.pathSeparator, entries);
    }
    return System.getProperty("java.class.path");
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
