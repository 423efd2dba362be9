package io.fleetloop.cli;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fleetloop.api.v1alpha1.TrainingRun;
import io.fleetloop.audit.client.AuditClient;
import io.fleetloop.audit.client.AuditRecorder;
import io.fleetloop.audit.client.GrpcAuditRecorder;
import io.fleetloop.codec.CodecResolver;
import io.fleetloop.curator.server.CuratorConfig;
import io.fleetloop.curator.server.CuratorServer;
import io.fleetloop.local.LocalStack;
import io.fleetloop.local.S3Component;
import io.fleetloop.nodeagent.LocalImage;
import io.fleetloop.nodeagent.NodeAgent;
import io.fleetloop.nodeagent.NodeAgentSettings;
import io.fleetloop.operator.trainingrun.TrainingSettings;
import io.fleetloop.world.PolicyModel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.pulsar.client.api.PulsarClient;

/**
 * The training half of the local loop of {@code fleetloop up}, in this JVM: the curator (a real
 * {@link CuratorServer} consuming ingest's ClipIngested topic on the stack's Pulsar, labels and
 * dataset manifests in the stack's S3 bucket {@value LocalFleet#BUCKET}, DatasetSnapshotCut into
 * the audit log when it runs) and the local node agent, which runs the training Jobs the operator
 * creates as processes of the reference trainer ({@code io.fleetloop.trainer.TrainerMain}) and the
 * reference validator ({@code io.fleetloop.validator.ValidatorMain}) on this JVM's classpath.
 *
 * <p>Started before the operator, so that the operator starts with {@link #settings()}: the curator
 * endpoint, the S3 server and the bucket. Also publishes the base model TrainingRuns warm-start
 * from ({@link #publishModel}) and the object-store credentials trainer pods read ({@link
 * #grantObjectStore}). <strong>LOCAL STACK ONLY</strong>: the node agent stands in for a cluster's
 * scheduler and kubelet.
 */
final class TrainingLoop implements AutoCloseable {

  /** Heap of one trainer or validator process (datasets of the local loop are small). */
  static final String POD_HEAP = "-Xmx384m";

  private final CuratorServer curator;
  private final PulsarClient pulsar;
  private final MinioClient s3;
  private final AuditClient auditClient;
  private final NodeAgent nodeAgent;
  private final S3Component s3Server;
  private final Map<String, LocalImage> images;

  private TrainingLoop(
      CuratorServer curator,
      PulsarClient pulsar,
      MinioClient s3,
      AuditClient auditClient,
      NodeAgent nodeAgent,
      S3Component s3Server,
      Map<String, LocalImage> images) {
    this.curator = curator;
    this.pulsar = pulsar;
    this.s3 = s3;
    this.auditClient = auditClient;
    this.nodeAgent = nodeAgent;
    this.s3Server = s3Server;
    this.images = images;
  }

  /**
   * Starts the curator (any free port) and the node agent; the stack must run S3, Pulsar and the
   * API server.
   *
   * @param agentClient the API client of the node agent (closed by the caller)
   * @param audit where the curator records DatasetSnapshotCut; empty: not recorded
   */
  static TrainingLoop start(
      LocalStack stack,
      KubernetesClient agentClient,
      Optional<LocalFleet.AuditTarget> audit,
      PrintStream out)
      throws Exception {
    S3Component s3Server = stack.s3();
    MinioClient s3 = s3Server.newClient();
    PulsarClient pulsar = null;
    AuditClient auditClient = null;
    CuratorServer curator = null;
    try {
      ensureBucket(s3, LocalFleet.BUCKET);
      pulsar = PulsarClient.builder().serviceUrl(stack.pulsar().serviceUrl()).build();
      AuditRecorder recorder = AuditRecorder.noop();
      if (audit.isPresent()) {
        auditClient =
            AuditClient.connect(
                audit.get().endpoint(),
                AuditClient.Options.defaults().withAppendToken(audit.get().token()));
        recorder = new GrpcAuditRecorder(auditClient, "service/curator");
      }
      curator =
          CuratorServer.start(
              CuratorConfig.defaults()
                  .withPort(0)
                  .withBucket(LocalFleet.BUCKET)
                  .withWorkerThreads(2),
              "127.0.0.1",
              s3,
              pulsar,
              new CodecResolver(),
              recorder,
              new SimpleMeterRegistry(),
              Clock.systemUTC());
      Map<String, LocalImage> images = images(System.getProperty("java.class.path"));
      NodeAgent agent = NodeAgent.start(agentClient, NodeAgentSettings.training(images));
      TrainingLoop loop =
          new TrainingLoop(curator, pulsar, s3, auditClient, agent, s3Server, images);
      out.printf(
          "[fleetloop] curator on 127.0.0.1:%d (topic %s, bucket %s); node agent runs %s%n",
          curator.port(), curator.config().topic(), LocalFleet.BUCKET, images.keySet());
      return loop;
    } catch (Exception | Error e) {
      if (curator != null) {
        curator.close();
      }
      closeQuietly(pulsar, auditClient, s3);
      throw e;
    }
  }

  /**
   * The images the node agent runs: the reference trainer, and the reference validator when it is
   * on the classpath.
   */
  static Map<String, LocalImage> images(String classpath) {
    Map<String, LocalImage> images = new LinkedHashMap<>();
    List<String> jvm = List.of(POD_HEAP, "-XX:TieredStopAtLevel=1", "-Xshare:auto");
    images.put(
        TrainingSettings.REFERENCE_TRAINER_IMAGE,
        new LocalImage(
            TrainingSettings.REFERENCE_TRAINER_IMAGE,
            "io.fleetloop.trainer.TrainerMain",
            classpath,
            jvm));
    String validator = "io.fleetloop.validator.ValidatorMain";
    if (onClasspath(validator)) {
      images.put(
          TrainingSettings.REFERENCE_VALIDATOR_IMAGE,
          new LocalImage(TrainingSettings.REFERENCE_VALIDATOR_IMAGE, validator, classpath, jvm));
    }
    return images;
  }

  private static boolean onClasspath(String className) {
    try {
      Class.forName(className, false, TrainingLoop.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /**
   * What the operator needs to run TrainingRuns here: the reference images, the S3 server and
   * bucket, the curator, and retries a few seconds apart.
   */
  TrainingSettings settings() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put(TrainingSettings.Env.S3_ENDPOINT, s3Server.endpoint());
    env.put(TrainingSettings.Env.S3_ACCESS_KEY, s3Server.accessKey());
    env.put(TrainingSettings.Env.S3_SECRET_KEY, s3Server.secretKey());
    env.put(TrainingSettings.Env.BUCKET, LocalFleet.BUCKET);
    env.put(TrainingSettings.Env.CURATOR_ENDPOINT, curatorEndpoint());
    return TrainingSettings.fromEnv(env).withRetries(1, Duration.ofSeconds(5));
  }

  /** The curator's gRPC {@code host:port}. */
  String curatorEndpoint() {
    return "127.0.0.1:" + curator.port();
  }

  /** The curator replica (its label index, metrics). */
  CuratorServer curator() {
    return curator;
  }

  /** The images the node agent can run. */
  Set<String> images() {
    return images.keySet();
  }

  /**
   * Publishes {@code model} as model version {@code version} where TrainingRuns warm-starting from
   * it look for it: {@code s3://<bucket>/models/<version>/model.flm}.
   *
   * @return the artifact's address
   */
  String publishModel(PolicyModel model, String version) throws Exception {
    byte[] bytes =
        model.derive(version, Map.of("publishedBy", "fleetloop up")).toArtifact().toBytes();
    String key = "models/" + version + "/model.flm";
    s3.putObject(
        PutObjectArgs.builder().bucket(LocalFleet.BUCKET).object(key).stream(
                new ByteArrayInputStream(bytes), bytes.length, -1)
            .contentType("application/octet-stream")
            .build());
    return "s3://" + LocalFleet.BUCKET + "/" + key;
  }

  /**
   * Creates (or updates) the Secret trainer pods read their object-store credentials from ({@value
   * TrainingSettings#DEFAULT_S3_SECRET}) in every namespace that has a TrainingRun, and in {@code
   * extra}.
   *
   * @return the namespaces
   */
  Set<String> grantObjectStore(KubernetesClient client, String... extra) {
    Set<String> namespaces = new TreeSet<>(List.of(extra));
    client
        .resources(TrainingRun.class)
        .inAnyNamespace()
        .list()
        .getItems()
        .forEach(r -> namespaces.add(r.getMetadata().getNamespace()));
    for (String ns : namespaces) {
      client
          .resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName(TrainingSettings.DEFAULT_S3_SECRET)
                  .withNamespace(ns)
                  .endMetadata()
                  .withStringData(
                      Map.of("accessKey", s3Server.accessKey(), "secretKey", s3Server.secretKey()))
                  .build())
          .createOr(NonDeletingOperation::update);
    }
    return namespaces;
  }

  private static void ensureBucket(MinioClient s3, String bucket) throws Exception {
    if (!s3.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
      s3.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
    }
  }

  /** Stops the node agent (killing running pods), then the curator. */
  @Override
  public void close() {
    try {
      nodeAgent.close();
    } finally {
      try {
        curator.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        closeQuietly(pulsar, auditClient, s3);
      }
    }
  }

  private static void closeQuietly(AutoCloseable... closeables) {
    for (AutoCloseable c : closeables) {
      if (c == null) {
        continue;
      }
      try {
        c.close();
      } catch (Exception e) {
        System.err.println("fleetloop: while stopping " + c.getClass().getSimpleName() + ": " + e);
      }
    }
  }
}
