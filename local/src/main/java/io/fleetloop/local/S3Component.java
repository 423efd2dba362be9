package io.fleetloop.local;

import io.fleetloop.local.process.ChildJvm;
import io.fleetloop.local.process.JavaBundle;
import io.fleetloop.local.process.ProcessRef;
import io.minio.MinioClient;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * An S3 server (S3Proxy) in a child JVM on a free loopback port, with a fixed access/secret key.
 *
 * <p>Backend {@code transient-nio2} (in memory) for tests, {@code filesystem-nio2} under {@code
 * <dataDir>/objects} when the data should survive a restart. Ready when an authenticated
 * ListBuckets succeeds through the MinIO client.
 */
public final class S3Component implements Component {

  public static final String ACCESS_KEY = "fleetloop";
  public static final String SECRET_KEY = "fleetloop-secret";
  public static final String REGION = "us-east-1";

  static final String BUNDLE = "s3-server";
  static final String MAIN_CLASS = "io.fleetloop.local.s3.S3ServerMain";

  private final Path dataDir;
  private final boolean persistent;
  private volatile ChildJvm child;
  private volatile int port;
  private volatile MinioClient probe;

  /**
   * @param dataDir configuration, log and (if persistent) objects
   * @param persistent {@code filesystem-nio2} under {@code dataDir/objects} instead of memory
   */
  public S3Component(Path dataDir, boolean persistent) {
    this.dataDir = dataDir;
    this.persistent = persistent;
  }

  @Override
  public ComponentKind kind() {
    return ComponentKind.S3;
  }

  @Override
  public void start() throws IOException {
    JavaBundle bundle = JavaBundle.load(BUNDLE);
    port = Ports.freeLoopbackPort();
    Files.createDirectories(dataDir);
    Path properties = dataDir.resolve("s3proxy.properties");
    Files.writeString(properties, properties());
    child =
        ChildJvm.start(
            "s3",
            bundle,
            MAIN_CLASS,
            List.of("-Xms32m", "-Xmx256m", "-XX:+UseSerialGC"),
            List.of("--properties", properties.toString()),
            dataDir,
            dataDir.resolve("s3.log"));
    probe = newClient();
    probe.setTimeout(1_000, 2_000, 2_000);
  }

  String properties() throws IOException {
    Properties p = new Properties();
    p.setProperty("s3proxy.endpoint", endpoint());
    p.setProperty("s3proxy.authorization", "aws-v2-or-v4");
    p.setProperty("s3proxy.identity", ACCESS_KEY);
    p.setProperty("s3proxy.credential", SECRET_KEY);
    p.setProperty("jclouds.identity", ACCESS_KEY);
    p.setProperty("jclouds.credential", SECRET_KEY);
    if (persistent) {
      Path objects = dataDir.resolve("objects");
      Files.createDirectories(objects);
      p.setProperty("jclouds.provider", "filesystem-nio2");
      p.setProperty("jclouds.filesystem.basedir", objects.toString());
    } else {
      p.setProperty("jclouds.provider", "transient-nio2");
    }
    StringWriter out = new StringWriter();
    p.store(out, "Written by the fleetloop local stack (S3Component)");
    return out.toString();
  }

  @Override
  public boolean isReady() {
    if (child == null || !child.isAlive() || probe == null) {
      return false;
    }
    try {
      probe.listBuckets();
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  @Override
  public Optional<String> problem() {
    return child == null ? Optional.empty() : child.exitProblem();
  }

  @Override
  public String diagnostics() {
    return child == null ? "" : child.logTail(40);
  }

  @Override
  public Optional<Path> logFile() {
    return Optional.of(dataDir.resolve("s3.log"));
  }

  /** {@code http://127.0.0.1:<port>} */
  @Override
  public String endpoint() {
    return "http://" + Ports.LOOPBACK + ":" + port;
  }

  public String accessKey() {
    return ACCESS_KEY;
  }

  public String secretKey() {
    return SECRET_KEY;
  }

  public String region() {
    return REGION;
  }

  /** A new MinIO client for this server; the caller closes it. */
  public MinioClient newClient() {
    return MinioClient.builder()
        .endpoint(endpoint())
        .credentials(ACCESS_KEY, SECRET_KEY)
        .region(REGION)
        .build();
  }

  @Override
  public Map<String, String> endpoints() {
    Map<String, String> endpoints = new LinkedHashMap<>();
    endpoints.put("endpoint", endpoint());
    endpoints.put("accessKey", ACCESS_KEY);
    endpoints.put("secretKey", SECRET_KEY);
    endpoints.put("region", REGION);
    endpoints.put("backend", persistent ? "filesystem-nio2" : "transient-nio2");
    return endpoints;
  }

  @Override
  public List<ProcessRef> processes() {
    return child == null ? List.of() : List.of(child.ref());
  }

  @Override
  public void stop() {
    if (probe != null) {
      try {
        probe.close();
      } catch (Exception e) {
        // only the probe's HTTP client; nothing to report
      }
      probe = null;
    }
    if (child != null) {
      child.stop(Duration.ofSeconds(10));
    }
  }
}
