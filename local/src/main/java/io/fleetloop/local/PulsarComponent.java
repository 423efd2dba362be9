package io.fleetloop.local;

import io.fleetloop.local.process.ChildJvm;
import io.fleetloop.local.process.JavaBundle;
import io.fleetloop.local.process.ProcessRef;
import java.io.IOException;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Apache Pulsar standalone (broker + one bookie, RocksDB metadata, no functions worker, no stream
 * storage) in a child JVM, on free loopback ports.
 *
 * <p>Ready when {@code GET /admin/v2/brokers/health} answers 200. The broker's data is wiped on
 * every start: the bookie's cookie records its address, and a fresh port on the next start would
 * not match it. Files in {@code <dataDir>}: {@code standalone.conf}, {@code log4j2.xml}, {@code
 * pulsar.log} (the broker's output), {@code data/}.
 */
public final class PulsarComponent implements Component {

  static final String BUNDLE = "pulsar-standalone";
  static final String MAIN_CLASS = "io.fleetloop.local.pulsar.PulsarStandaloneMain";

  /** The JVM options {@code bin/pulsar} uses on Java 17, plus a modest heap. */
  private static final List<String> JVM_OPTIONS =
      List.of(
          "-Xms64m",
          "-Xmx512m",
          "-XX:MaxDirectMemorySize=256m",
          "-XX:+UseG1GC",
          "-Dio.netty.leakDetection.level=disabled",
          "-Dio.netty.tryReflectionSetAccessible=true",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED",
          "--add-opens=java.base/sun.net=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.management/sun.management=ALL-UNNAMED",
          "--add-opens=jdk.management/com.sun.management.internal=ALL-UNNAMED");

  private final Path dataDir;
  private final boolean durable;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private volatile ChildJvm child;
  private volatile int brokerPort;
  private volatile int webPort;

  /**
   * @param dataDir where the configuration, log and data go
   * @param durable whether the bookie journal is synced to disk ({@code false} for tests)
   */
  public PulsarComponent(Path dataDir, boolean durable) {
    this.dataDir = dataDir;
    this.durable = durable;
  }

  @Override
  public ComponentKind kind() {
    return ComponentKind.PULSAR;
  }

  @Override
  public void start() throws IOException {
    JavaBundle bundle = JavaBundle.load(BUNDLE);
    brokerPort = Ports.freeLoopbackPort();
    webPort = Ports.freeLoopbackPort();
    Files.createDirectories(dataDir);
    Path conf = dataDir.resolve("standalone.conf");
    Files.writeString(conf, standaloneConf(), StandardCharsets.UTF_8);
    Path log4j = dataDir.resolve("log4j2.xml");
    Files.writeString(log4j, LOG4J2_XML, StandardCharsets.UTF_8);
    List<String> jvm = new java.util.ArrayList<>(JVM_OPTIONS);
    jvm.add("-Dlog4j.configurationFile=" + log4j);
    jvm.add("-Dlog4j2.is.webapp=false");
    child =
        ChildJvm.start(
            "pulsar",
            bundle,
            MAIN_CLASS,
            jvm,
            List.of(
                "--config",
                conf.toString(),
                "--no-functions-worker",
                "--no-stream-storage",
                "--wipe-data",
                "--metadata-dir",
                dataDir.resolve("data/metadata").toString(),
                "--bookkeeper-dir",
                dataDir.resolve("data/bookkeeper").toString(),
                "--advertised-address",
                Ports.LOOPBACK),
            dataDir,
            dataDir.resolve("pulsar.log"));
  }

  String standaloneConf() {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("clusterName", "standalone");
    conf.put("bindAddress", Ports.LOOPBACK);
    conf.put("advertisedAddress", Ports.LOOPBACK);
    conf.put("brokerServicePort", Integer.toString(brokerPort));
    conf.put("webServicePort", Integer.toString(webPort));
    // the bookie: loopback only, journal synced only when the data matters
    conf.put("listeningInterface", loopbackInterfaceName());
    conf.put("allowLoopback", "true");
    conf.put("journalSyncData", Boolean.toString(durable));
    conf.put("ledgerStorageClass", "org.apache.bookkeeper.bookie.storage.ldb.DbLedgerStorage");
    conf.put("dbStorage_writeCacheMaxSizeMb", "16");
    conf.put("dbStorage_readAheadCacheMaxSizeMb", "16");
    conf.put("dbStorage_rocksDB_blockCacheSize", Integer.toString(16 * 1024 * 1024));
    conf.put("managedLedgerDefaultEnsembleSize", "1");
    conf.put("managedLedgerDefaultWriteQuorum", "1");
    conf.put("managedLedgerDefaultAckQuorum", "1");
    conf.put("managedLedgerCacheSizeMB", "64");
    // one broker: no load balancing, no extra services
    conf.put("loadManagerClassName", "org.apache.pulsar.broker.loadbalance.NoopLoadManager");
    conf.put("loadBalancerEnabled", "false");
    conf.put("transactionCoordinatorEnabled", "false");
    conf.put("webSocketServiceEnabled", "false");
    conf.put("functionsWorkerEnabled", "false");
    conf.put("allowAutoTopicCreation", "true");
    conf.put("allowAutoTopicCreationType", "non-partitioned");
    conf.put("brokerDeleteInactiveTopicsEnabled", "false");
    StringBuilder text =
        new StringBuilder("# Written by the fleetloop local stack (PulsarComponent).\n");
    conf.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
    return text.toString();
  }

  private static String loopbackInterfaceName() {
    try {
      return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
          .filter(
              nif -> {
                try {
                  return nif.isLoopback();
                } catch (SocketException e) {
                  return false;
                }
              })
          .map(NetworkInterface::getName)
          .findFirst()
          .orElse("lo");
    } catch (SocketException e) {
      return "lo";
    }
  }

  @Override
  public boolean isReady() {
    if (child == null || !child.isAlive()) {
      return false;
    }
    try {
      HttpResponse<Void> response =
          http.send(
              HttpRequest.newBuilder(URI.create(webServiceUrl() + "/admin/v2/brokers/health"))
                  .timeout(Duration.ofSeconds(3))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
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
    return Optional.of(dataDir.resolve("pulsar.log"));
  }

  /** The binary protocol URL for clients: {@code pulsar://127.0.0.1:<port>}. */
  public String serviceUrl() {
    return "pulsar://" + Ports.LOOPBACK + ":" + brokerPort;
  }

  /** The admin/HTTP URL: {@code http://127.0.0.1:<port>}. */
  public String webServiceUrl() {
    return "http://" + Ports.LOOPBACK + ":" + webPort;
  }

  @Override
  public String endpoint() {
    return serviceUrl();
  }

  @Override
  public Map<String, String> endpoints() {
    Map<String, String> endpoints = new LinkedHashMap<>();
    endpoints.put("serviceUrl", serviceUrl());
    endpoints.put("webServiceUrl", webServiceUrl());
    return endpoints;
  }

  @Override
  public List<ProcessRef> processes() {
    return child == null ? List.of() : List.of(child.ref());
  }

  @Override
  public void stop() {
    if (child != null) {
      child.stop(Duration.ofSeconds(20));
    }
  }

  private static final String LOG4J2_XML =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <!-- Written by the fleetloop local stack: INFO to stdout (pulsar.log), chatty loggers quieter. -->
      <Configuration status="warn">
        <Appenders>
          <Console name="out" target="SYSTEM_OUT">
            <PatternLayout pattern="%d{ISO8601} %-5level [%t] %c{1} - %msg%n"/>
          </Console>
        </Appenders>
        <Loggers>
          <Logger name="org.apache.pulsar.broker.web.RequestLog" level="warn"/>
          <Logger name="org.apache.bookkeeper" level="warn"/>
          <Logger name="org.apache.pulsar.metadata" level="warn"/>
          <Logger name="org.eclipse.jetty" level="warn"/>
          <Root level="info">
            <AppenderRef ref="out"/>
          </Root>
        </Loggers>
      </Configuration>
      """;
}
