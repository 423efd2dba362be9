package io.fleetloop.loop;

import io.fleetloop.codec.CodecResolver;
import io.fleetloop.codec.FeatureCodec;
import io.fleetloop.codec.RawFeatureCodec;
import io.fleetloop.codec.learned.CodecTrainer;
import io.fleetloop.codec.learned.FleetClips;
import io.fleetloop.codec.learned.LearnedFeatureCodec;
import io.fleetloop.trainer.ChipDeployment;
import io.fleetloop.trainer.PhaseOptions;
import io.fleetloop.trainer.PhaseResult;
import io.fleetloop.trainer.PolicyTrainer;
import io.fleetloop.trainer.Precision;
import io.fleetloop.trainer.TrainingSamples;
import io.fleetloop.validator.Gates;
import io.fleetloop.validator.Suite;
import io.fleetloop.validator.Suites;
import io.fleetloop.validator.ValidationReport;
import io.fleetloop.validator.Validator;
import io.fleetloop.world.Conditions;
import io.fleetloop.world.FleetStats;
import io.fleetloop.world.PolicyModel;
import io.fleetloop.world.PolicyTraining;
import io.fleetloop.world.WorldConfig;
import io.fleetloop.world.model.Dataset;
import io.fleetloop.world.model.Trainer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The reference closed loop in one JVM, with the libraries the services use and no Pulsar, S3 or
 * Kubernetes, deterministic under {@link LoopOptions#seed()}:
 *
 * <ol>
 *   <li>generation 0 is trained on human demonstrations from common conditions only;
 *   <li>the fleet ({@code FleetSimulator} + one {@code EdgeAgent} per vehicle) drives the current
 *       model with the {@link TriggerRule} triggers (no shadow model: the candidate is compared
 *       with the stable model in the canary stages instead); clips are encoded in the clip format
 *       with the learned codec;
 *   <li>curation deduplicates, decodes, labels ({@code ClipLabeler}) and pools the clips; the pool
 *       is balanced per condition ({@code Balancer}) into a cumulative training set;
 *   <li>the candidate is fine-tuned from the current model ({@code PolicyTrainer} FP32: the FP32
 *       master), and its chip artifact is derived from the master by the hardware-in-the-loop Chip
 *       phase on the chip runtime;
 *   <li>the {@code Validator} measures the chip artifact on the held-out and tail suites, gated on
 *       accuracy no worse than the current artifact's minus {@value #ACCURACY_TOLERANCE} and chip
 *       disagreement on the tail suite at most {@link LoopOptions#maxChipDisagreement()};
 *   <li>a staged {@link Rollout} of the master (the simulator runs the FP32 forward), judged by the
 *       {@code StageAnalyzer}, promotes it or rolls it back; the promoted master is the next
 *       generation's model.
 * </ol>
 */
public final class ReferenceLoop {
  /** How far below the current model's suite accuracy a candidate may be. */
  public static final double ACCURACY_TOLERANCE = 0.01;

  private final LoopOptions options;
  private final Consumer<String> out;

  /** A loop with {@code options} printing its progress lines to {@code out}. */
  public ReferenceLoop(LoopOptions options, Consumer<String> out) {
    this.options = options;
    this.out = out;
  }

  /** Runs every generation and returns one report per generation. */
  public List<GenerationReport> run() {
    LoopOptions o = options;
    long t0 = System.nanoTime();
    WorldConfig demoWorld = world(o.seed(), o.demoVehicles());
    Dataset demos =
        PolicyTraining.humanDemonstrations(demoWorld, o.demoTicks(), 10, Conditions.COMMON);
    PolicyModel current =
        PolicyTraining.train(
            PolicyModel.untrained(PolicyTraining.POLICY_NAME, "gen-0", o.seed()),
            "gen-0",
            demos,
            Trainer.Options.defaults(o.seed()).withEpochs(6),
            Map.of("generation", "0", "worldSeed", Long.toString(o.seed())));
    Dataset demonstrations = TrainingSamples.fromPolicyDataset(demos);
    FeatureCodec codec = codec(current, demoWorld);
    CodecResolver codecs = CodecResolver.of(codec);
    List<Suite> suites =
        Suites.build(
            List.of(Suites.HELDOUT, Suites.TAIL),
            new Suites.Size(o.suiteVehicles(), o.suiteTicks()));
    out.accept(
        String.format(
            Locale.ROOT,
            "setup: gen-0 trained on %,d common-condition demonstrations, codec %s, suites %s;"
                + " %.1f s",
            demonstrations.size(),
            codec.version(),
            suites.stream().map(s -> s.name() + " " + s.samples().size()).toList(),
            seconds(t0)));

    Curation curation = new Curation(codecs);
    PolicyModel currentChip = current; // gen-0 has no chip artifact: judged on its FP32 forward
    List<GenerationReport> reports = new ArrayList<>();
    FleetStats lastStats = null;
    for (int g = 0; g < o.generations(); g++) {
      Map<String, Double> seconds = new LinkedHashMap<>();
      String drove = current.version();
      TriggerRule.Choice triggers = TriggerRule.forGeneration(g, lastStats);
      long t = System.nanoTime();
      WorldConfig world = world(driveSeed(g), o.vehicles());
      FleetDrive.Result drive =
          FleetDrive.drive(
              world, current, null, triggers.triggers(), codec, o.driveTicks(), o.seed() * 31 + g);
      seconds.put("drive", seconds(t));
      lastStats = drive.stats();
      List<GroupRate> rates = GroupRate.all(drive.stats());
      out.accept(
          String.format(
              Locale.ROOT,
              "gen %d (%s): %,.0f km, interventions/1000 km all %s, common %s, rare %s; %,d clips"
                  + " uploaded (%,d bytes); focus trigger %s",
              g,
              current.version(),
              drive.stats().km(),
              rates.get(0).formatted(),
              rates.get(1).formatted(),
              rates.get(2).formatted(),
              drive.clips().size(),
              drive.clips().stream().mapToLong(c -> c.clip().payload().length).sum(),
              triggers.focus()));
      for (GroupRate r : rates.subList(3, rates.size())) {
        out.accept(
            String.format(
                Locale.ROOT,
                "  %-22s %8.0f km %6d interventions %s",
                r.group(),
                r.km(),
                r.interventions(),
                r.formatted()));
      }

      t = System.nanoTime();
      Curation.Outcome cur = curation.add(drive.clips(), o.maxClipsPerGeneration());
      seconds.put("curate", seconds(t));
      boolean last = g == o.generations() - 1;
      String candidateVersion = "";
      boolean poisoned = false;
      String validation = "";
      boolean validationPassed = false;
      List<Rollout.Look> looks = List.of();
      String decision = "last generation: no candidate";
      int samples = 0;
      if (!last) {
        int next = g + 1;
        poisoned = next == o.poisonAt();
        candidateVersion = "gen-" + next + (poisoned ? "-poisoned" : "");
        t = System.nanoTime();
        Dataset data = curation.dataset(demonstrations, o.maxSamples(), poisoned);
        samples = data.size();
        Trained trained = train(current, candidateVersion, next, data);
        PolicyModel candidate = trained.master();
        seconds.put("train", seconds(t));

        t = System.nanoTime();
        ValidationReport base =
            Validator.validate(
                currentChip,
                "loop://" + currentChip.version(),
                "",
                suites,
                Gates.none(),
                line -> {});
        Gates gates =
            new Gates(Math.max(0, base.accuracy() - ACCURACY_TOLERANCE), o.maxChipDisagreement());
        ValidationReport report =
            Validator.validate(
                trained.chipArtifact(),
                "loop://" + candidateVersion + "/chip",
                trained.chipArtifact().toArtifact().sha256(),
                suites,
                gates,
                line -> {});
        seconds.put("validate", seconds(t));
        validationPassed = report.passed();
        validation =
            (report.passed()
                    ? "passed: "
                    : "rejected: " + String.join("; ", report.reasons()) + "; ")
                + report.summary();
        out.accept(
            String.format(
                Locale.ROOT,
                "  candidate %s: %,d samples from %,d clips (%,d new: %s), validation %s",
                candidateVersion,
                samples,
                curation.clips(),
                cur.accepted(),
                cur.labels(),
                validation));

        if (report.passed() || poisoned) {
          if (!report.passed()) {
            out.accept(
                "  (--poison: the poisoned candidate goes to rollout despite its validation"
                    + " verdict, so the rollout guard is exercised on its own)");
          }
          t = System.nanoTime();
          Rollout.Outcome rollout =
              Rollout.run(
                  world(rolloutSeed(g), o.vehicles()),
                  current,
                  candidate,
                  o.stageFractions(),
                  o.stageMinKm(),
                  o.rolloutChunkTicks(),
                  o.rolloutMaxLooks(),
                  line -> out.accept("  " + line));
          seconds.put("rollout", seconds(t));
          looks = rollout.looks();
          decision = rollout.decision();
          if (rollout.promoted()) {
            current = candidate;
            currentChip = trained.chipArtifact();
          }
        } else {
          decision = "rejected by validation";
        }
        out.accept("  decision on " + candidateVersion + ": " + decision);
      }
      reports.add(
          new GenerationReport(
              g,
              drove,
              rates,
              drive.stats().km(),
              triggers.focus(),
              drive.clips().size(),
              cur.payloadBytes(),
              drive.droppedClips(),
              cur.accepted(),
              cur.labels(),
              curation.clips(),
              samples,
              candidateVersion,
              poisoned,
              validation,
              validationPassed,
              looks,
              decision,
              seconds));
      out.accept(String.format(Locale.ROOT, "  gen %d stage seconds: %s", g, fmt(seconds)));
    }
    return reports;
  }

  /**
   * A trained candidate.
   *
   * @param master the FP32 weights after the FP32 phase: what the simulated fleet drives (the
   *     simulator runs the FP32 forward) and where the next generation starts
   * @param chipArtifact the chip deployment: the master fine-tuned in the Chip phase on the chip
   *     runtime, with its calibration in the metadata; what the validator judges
   */
  private record Trained(PolicyModel master, PolicyModel chipArtifact) {}

  private Trained train(PolicyModel current, String version, int generation, Dataset data) {
    LoopOptions o = options;
    PolicyModel next = current.derive(version, Map.of());
    long seed = o.seed() * 1_000 + generation;
    PolicyTrainer.train(
        next.mlp(),
        data,
        PhaseOptions.defaults(Precision.FP32, o.fp32Epochs(), seed)
            .withLearningRate(o.fp32LearningRate()),
        null,
        r -> {});
    Map<String, String> meta = new TreeMap<>();
    meta.put("generation", Integer.toString(generation));
    meta.put("worldSeed", Long.toString(driveSeed(generation - 1)));
    meta.put("samples", Integer.toString(data.size()));
    meta.put("trainedFrom", current.version());
    PolicyModel master = new PolicyModel(current.name(), version, next.mlp(), meta);
    PolicyModel chip = master.derive(version + "-chip", Map.of());
    ChipDeployment deployment;
    if (o.chipEpochs() == 0) {
      // post-training quantization only: calibrate the chip deployment on the FP32 forward
      PhaseOptions ptq = PhaseOptions.defaults(Precision.CHIP, 1, seed);
      deployment =
          ChipDeployment.calibrate(
              chip.mlp(),
              TrainingSamples.inputs(data, ptq.calibrationSamples()),
              ptq.arithmetic(),
              ptq.granularity());
    } else {
      PhaseResult phase =
          PolicyTrainer.train(
              chip.mlp(),
              thin(data, o.chipSamples()),
              PhaseOptions.defaults(Precision.CHIP, o.chipEpochs(), seed),
              null,
              r -> {});
      deployment = phase.deployment();
    }
    Map<String, String> chipMeta = new TreeMap<>(meta);
    chipMeta.putAll(deployment.toMetadata());
    chipMeta.put("master", version);
    return new Trained(
        master, new PolicyModel(current.name(), version + "-chip", chip.mlp(), chipMeta));
  }

  private static Dataset thin(Dataset data, int max) {
    if (data.size() <= max) {
      return data;
    }
    Dataset.Builder b = TrainingSamples.builder();
    float[] x = new float[data.inputs()];
    float[] y = new float[data.targetWidth()];
    for (int k = 0; k < max; k++) {
      int i = (int) ((long) k * data.size() / max);
      data.input(i, x);
      data.target(i, y);
      b.add(x, y, data.tag(i));
    }
    return b.build();
  }

  private FeatureCodec codec(PolicyModel gen0, WorldConfig demoWorld) {
    if (!options.learnedCodec()) {
      return RawFeatureCodec.INSTANCE;
    }
    try {
      LearnedFeatureCodec codec =
          new CodecTrainer(CodecTrainer.Options.defaults(options.seed()))
              .train(
                  gen0,
                  FleetClips.humanDriven(
                      demoWorld, 300, 50, Math.max(1, demoWorld.vehicles() / 200)));
      return codec;
    } catch (IllegalStateException e) {
      out.accept(
          "learned codec missed its agreement goal ("
              + e.getMessage()
              + "); clips are encoded raw");
      return RawFeatureCodec.INSTANCE;
    }
  }

  private WorldConfig world(long seed, int vehicles) {
    return WorldConfig.defaults().toBuilder()
        .seed(seed)
        .vehicles(vehicles)
        .threads(options.threads())
        .build();
  }

  /** The world seed of generation {@code g}'s drive (never a validation suite's seed). */
  private long driveSeed(int g) {
    return options.seed() * 1_000_000L + 100 + g;
  }

  private long rolloutSeed(int g) {
    return options.seed() * 1_000_000L + 500 + g;
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static String fmt(Map<String, Double> seconds) {
    StringBuilder b = new StringBuilder();
    seconds.forEach(
        (k, v) ->
            b.append(b.length() == 0 ? "" : ", ")
                .append(String.format(Locale.ROOT, "%s %.2f", k, v)));
    double total = seconds.values().stream().mapToDouble(Double::doubleValue).sum();
    return b.append(String.format(Locale.ROOT, "; total %.2f", total)).toString();
  }
}
