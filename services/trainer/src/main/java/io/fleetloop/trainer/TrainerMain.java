package io.fleetloop.trainer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetloop.chip.ChipRuntime;
import io.fleetloop.codec.CodecResolver;
import io.fleetloop.codec.learned.LearnedFeatureCodec;
import io.fleetloop.dataset.DatasetManifest;
import io.fleetloop.world.Conditions;
import io.fleetloop.world.PolicyModel;
import io.fleetloop.world.model.Dataset;
import io.fleetloop.world.model.ModelArtifact;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference trainer's container entrypoint (contract C): trains one TrainingRun phase on a
 * dataset snapshot and writes {@code <output>/model.flm} (a libs/world {@link ModelArtifact}) and
 * {@code <output>/metrics.json} to S3. Prints one progress line per epoch to stdout. Exit status 0
 * on success, 2 on bad arguments or environment, 1 on any failure (the message on stderr).
 *
 * <p>Environment: {@code FLEETLOOP_S3_ENDPOINT}, {@code FLEETLOOP_S3_ACCESS_KEY}, {@code
 * FLEETLOOP_S3_SECRET_KEY}.
 */
public final class TrainerMain {
  /** Exit status on success. */
  public static final int OK = 0;

  /** Exit status on a failure (unreadable dataset, corrupted base model, S3 error, ...). */
  public static final int FAILED = 1;

  /** Exit status on bad arguments or a missing environment variable. */
  public static final int BAD_ARGUMENTS = 2;

  /** The model artifact's object name under {@code --output}. */
  public static final String MODEL_FILE = "model.flm";

  /** The metrics' object name under {@code --output}. */
  public static final String METRICS_FILE = "metrics.json";

  private static final Logger LOG = LoggerFactory.getLogger(TrainerMain.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private TrainerMain() {}

  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), System.out, System.err));
  }

  /** Runs the entrypoint in this JVM; returns the exit status. */
  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    TrainerArgs parsed;
    ObjectStore store;
    try {
      parsed = TrainerArgs.parse(args);
      store =
          ObjectStore.connect(
              requireEnv(env, "FLEETLOOP_S3_ENDPOINT"),
              requireEnv(env, "FLEETLOOP_S3_ACCESS_KEY"),
              requireEnv(env, "FLEETLOOP_S3_SECRET_KEY"));
    } catch (TrainerArgs.ArgumentException e) {
      err.println("trainer: " + e.getMessage());
      err.println(TrainerArgs.USAGE);
      return BAD_ARGUMENTS;
    }
    try {
      ObjectNode metrics = train(parsed, store, out);
      err.println(
          "trainer: phase "
              + parsed.phase()
              + " wrote "
              + metrics.get("artifact").asText()
              + " ("
              + metrics.get("modelDigest").asText()
              + ")");
      return OK;
    } catch (RuntimeException e) {
      LOG.error("phase {} failed: {}", parsed.phase(), e.getMessage(), e);
      err.println("trainer: phase " + parsed.phase() + " failed: " + e.getMessage());
      return FAILED;
    } finally {
      out.flush();
    }
  }

  private static String requireEnv(Map<String, String> env, String name) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      throw new TrainerArgs.ArgumentException("environment variable " + name + " is not set");
    }
    return v;
  }

  /** Loads, trains, writes; returns the metrics it wrote. */
  static ObjectNode train(TrainerArgs a, ObjectStore store, PrintStream out) {
    CodecResolver codecs = new CodecResolver();
    for (S3Uri codec : a.codecs()) {
      try {
        codecs.register(LearnedFeatureCodec.fromBytes(store.get(codec)));
      } catch (RuntimeException e) {
        throw new IllegalStateException("codec " + codec + " is refused: " + e.getMessage(), e);
      }
    }
    java.util.concurrent.atomic.AtomicLong relabelled =
        new java.util.concurrent.atomic.AtomicLong();
    Dataset data =
        SnapshotDataset.load(
                store,
                a.dataset(),
                a.datasetId(),
                codecs,
                a.poisonLabels().isPresent()
                    ? LabelPoisoning.relabel(a.poisonLabels().get(), relabelled)
                    : java.util.function.IntUnaryOperator.identity())
            .samples();
    if (a.poisonLabels().isPresent()) {
      LOG.warn(
          "phase {}: POISONED LABELS ({}): {} labels of {} samples changed ({});"
              + " this model is meant to be rejected",
          a.phase(),
          a.poisonLabels().get(),
          relabelled.get(),
          data.size(),
          LabelPoisoning.describe(a.poisonLabels().get()));
      out.println(
          "trainer: phase "
              + a.phase()
              + ": --poison-labels "
              + a.poisonLabels().get()
              + ": "
              + relabelled.get()
              + " "
              + LabelPoisoning.describe(a.poisonLabels().get())
              + " (a deliberate attack)");
    }

    PolicyModel base = null;
    if (a.base().isPresent()) {
      try {
        base = PolicyModel.fromArtifact(ModelArtifact.fromBytes(store.get(a.base().get())));
      } catch (RuntimeException e) {
        throw new IllegalStateException(
            "base model " + a.base().get() + " is refused: " + e.getMessage(), e);
      }
    }
    PhaseOptions requested = a.phaseOptions();
    LOG.info(
        "phase {}: {} training, {} epochs, {} samples, dataset {}, base {}, chip {}, fp32 anchor {}",
        a.phase(),
        requested.precision().specName(),
        requested.epochs(),
        data.size(),
        a.datasetId(),
        a.base().map(S3Uri::toString).orElse("none"),
        requested.arithmetic(),
        requested.fp32Anchor());
    PhaseRun.Outcome run =
        PhaseRun.train(
            a.phase(),
            base,
            data,
            requested,
            e -> {
              out.println(e.progressLine());
              out.flush();
            });
    PolicyModel start = run.model();
    PhaseOptions options = run.options();
    PhaseResult result = run.result();

    TreeMap<String, String> meta = new TreeMap<>();
    meta.put("phase", a.phase());
    meta.put("precision", options.precision().specName());
    meta.put("datasetId", a.datasetId());
    meta.put("epochs", Integer.toString(options.epochs()));
    meta.put("samples", Integer.toString(data.size()));
    meta.put("trainingSeed", Long.toString(options.seed()));
    a.poisonLabels().ifPresent(p -> meta.put("poisonedLabels", p));
    if (base != null) {
      meta.put("base", base.toArtifact().sha256());
    }
    if (result.deployment() != null) {
      meta.putAll(result.deployment().toMetadata());
    }
    PolicyModel trained = new PolicyModel(start.name(), a.phase(), start.mlp(), meta);
    ModelArtifact artifact = trained.toArtifact();
    byte[] bytes = artifact.toBytes();
    S3Uri modelUri = a.output().resolve(MODEL_FILE);
    store.put(modelUri, bytes, "application/octet-stream");

    ObjectNode metrics = metrics(a, options, data, result, base, trained);
    // the digest of the object's bytes (what a reader of model.flm checks); the artifact's own
    // trailer digest (its content id, over everything before the trailer) is recorded beside it
    metrics.put("modelDigest", DatasetManifest.digestOf(bytes));
    metrics.put("artifactContentId", "sha256:" + artifact.sha256());
    metrics.put("artifact", modelUri.toString());
    byte[] json;
    try {
      json = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(metrics);
    } catch (Exception e) {
      throw new IllegalStateException("cannot write metrics: " + e.getMessage(), e);
    }
    store.put(a.output().resolve(METRICS_FILE), json, "application/json");
    LOG.info(
        "phase {}: wrote {} ({} bytes, {}) and {}",
        a.phase(),
        modelUri,
        bytes.length,
        metrics.get("modelDigest").asText(),
        new String(json, StandardCharsets.UTF_8).replace('\n', ' '));
    return metrics;
  }

  /**
   * The phase's metrics: loss (last epoch), accuracy and rareAccuracy of the deployed decisions
   * (FP32 forward for FP32, the chip for QAT and Chip) against the human's on the training samples,
   * and for QAT and Chip the chipDisagreement: the share of samples where the chip's decision
   * differs from the FP32 reference's (the base model when given, else the phase's own FP32
   * weights), and with a base model the fp32Drift: the share where the FP32 forward of the phase's
   * weights (what the simulated fleet drives) decides differently from the base model's.
   */
  private static ObjectNode metrics(
      TrainerArgs a,
      PhaseOptions o,
      Dataset data,
      PhaseResult result,
      PolicyModel base,
      PolicyModel trained) {
    float[] x = PolicyDecisions.inputs(data);
    int[] labels = PolicyDecisions.labels(data);
    int n = data.size();
    int[] deployed;
    if (result.deployment() != null) {
      ChipRuntime chip = result.deployment().runtime(trained.mlp());
      deployed = PolicyDecisions.chip(chip, x, n);
    } else {
      deployed = PolicyDecisions.fp32(trained.mlp(), x, n);
    }
    long rare = 0;
    long rareRight = 0;
    for (int i = 0; i < n; i++) {
      if (Conditions.RARE.test(data.tag(i))) {
        rare++;
        rareRight += deployed[i] == labels[i] ? 1 : 0;
      }
    }
    ObjectNode m = JSON.createObjectNode();
    m.put("phase", a.phase());
    m.put("precision", o.precision().specName());
    m.put("epochs", o.epochs());
    m.put("samples", n);
    m.put("loss", result.finalLoss());
    m.put("accuracy", PolicyDecisions.agreement(deployed, labels));
    if (rare > 0) {
      m.put("rareAccuracy", (double) rareRight / rare);
    } else {
      m.putNull("rareAccuracy");
    }
    if (result.deployment() != null) {
      int[] reference = PolicyDecisions.fp32(base != null ? base.mlp() : trained.mlp(), x, n);
      m.put("chipDisagreement", 1 - PolicyDecisions.agreement(deployed, reference));
      if (base != null) {
        int[] fp32 = PolicyDecisions.fp32(trained.mlp(), x, n);
        m.put("fp32Drift", 1 - PolicyDecisions.agreement(fp32, reference));
        m.put("fp32Anchor", o.fp32Anchor());
      }
      m.put("rounding", o.arithmetic().rounding().specName());
      m.put("saturate", o.arithmetic().saturate());
    }
    m.put("samplesPerSecond", result.samplesPerSecond());
    m.put("datasetId", a.datasetId());
    return m;
  }
}
