package io.fleetloop.loop;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Runs the reference loop from the command line and writes its report:
 *
 * <pre>
 * ReferenceLoopMain --generations 6 --vehicles 10000 --seed 1 --out target/loop [--poison 2]
 *     [--drive-ticks 1200] [--raw-codec] [--threads 2] [--chip-epochs 2] [--chip-samples 50000]
 *     [--fp32-lr 0.003] [--max-chip-disagreement 0.05]
 * </pre>
 *
 * {@code --poison} without a number poisons generation 2's candidate (or the last trained one in a
 * shorter run).
 */
public final class ReferenceLoopMain {
  private ReferenceLoopMain() {}

  /** Entry point; exits 2 on a usage error. */
  public static void main(String[] args) {
    int generations = 6;
    int vehicles = 10_000;
    long seed = 1;
    Path outDir = Path.of("target/loop");
    int poison = -1;
    Integer driveTicks = null;
    boolean raw = false;
    int threads = 2;
    Integer chipEpochs = null;
    Integer chipSamples = null;
    Double fp32Lr = null;
    Double chipGate = null;
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--generations" -> generations = Integer.parseInt(args[++i]);
          case "--vehicles" -> vehicles = Integer.parseInt(args[++i]);
          case "--seed" -> seed = Long.parseLong(args[++i]);
          case "--out" -> outDir = Path.of(args[++i]);
          case "--drive-ticks" -> driveTicks = Integer.parseInt(args[++i]);
          case "--threads" -> threads = Integer.parseInt(args[++i]);
          case "--raw-codec" -> raw = true;
          case "--chip-epochs" -> chipEpochs = Integer.parseInt(args[++i]);
          case "--chip-samples" -> chipSamples = Integer.parseInt(args[++i]);
          case "--fp32-lr" -> fp32Lr = Double.parseDouble(args[++i]);
          case "--max-chip-disagreement" -> chipGate = Double.parseDouble(args[++i]);
          case "--poison" -> {
            if (i + 1 < args.length && args[i + 1].matches("\\d+")) {
              poison = Integer.parseInt(args[++i]);
            } else {
              poison = 0; // resolved below
            }
          }
          default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
        }
      }
    } catch (RuntimeException e) {
      System.err.println(
          "usage: ReferenceLoopMain [--generations N] [--vehicles N] [--seed N] [--out DIR]"
              + " [--poison [GEN]] [--drive-ticks N] [--raw-codec] [--threads N] [--chip-epochs N]"
              + " [--chip-samples N] [--fp32-lr X] [--max-chip-disagreement X]\n"
              + e.getMessage());
      System.exit(2);
      return;
    }
    if (poison == 0) {
      poison = Math.min(2, generations - 1);
    }
    LoopOptions options =
        LoopOptions.defaults(generations, vehicles, seed)
            .withPoisonAt(poison)
            .withLearnedCodec(!raw)
            .withThreads(threads);
    if (chipEpochs != null || chipSamples != null) {
      options =
          options.withChipPhase(
              chipEpochs != null ? chipEpochs : options.chipEpochs(),
              chipSamples != null ? chipSamples : options.chipSamples());
    }
    if (chipGate != null) {
      options = options.withMaxChipDisagreement(chipGate);
    }
    if (fp32Lr != null) {
      options = options.withFp32LearningRate(fp32Lr);
    }
    if (driveTicks != null) {
      options = options.withDriveTicks(driveTicks);
    }
    long start = System.nanoTime();
    List<GenerationReport> reports = new ReferenceLoop(options, System.out::println).run();
    LoopReportWriter.write(outDir, options, reports);
    System.out.println();
    System.out.println(summary(reports));
    System.out.printf(
        Locale.ROOT,
        "total %.1f s; report in %s (generations.csv, loop.json, interventions.svg)%n",
        (System.nanoTime() - start) / 1e9,
        outDir.toAbsolutePath());
  }

  /** The per-generation table and the E1/E2 figures, as printed at the end of a run. */
  public static String summary(List<GenerationReport> reports) {
    StringBuilder b = new StringBuilder();
    b.append(
        "gen | model | km | all /1000 km [95% CI] | common | rare | clips up | dataset clips |"
            + " drive s | train s | gen s | gen / drive | decision\n");
    for (GenerationReport r : reports) {
      b.append(
          String.format(
              Locale.ROOT,
              "%d | %s | %,.0f | %s | %s | %s | %,d | %,d | %.1f | %.1f | %.1f | %.2fx | %s%n",
              r.generation(),
              r.model(),
              r.km(),
              r.rate("all").formatted(),
              r.rate("common").formatted(),
              r.rate("rare").formatted(),
              r.clipsUploaded(),
              r.datasetClips(),
              r.seconds().getOrDefault("drive", 0.0),
              r.seconds().getOrDefault("train", 0.0),
              r.totalSeconds(),
              r.totalSeconds() / r.seconds().getOrDefault("drive", Double.NaN),
              r.decision()));
    }
    GenerationReport first = reports.get(0);
    GenerationReport last = reports.get(reports.size() - 1);
    GroupRate a = first.rate("all");
    GroupRate z = last.rate("all");
    b.append(
        String.format(
            Locale.ROOT,
            "E1: all-conditions rate gen %d %s -> gen %d %s: %.1fx lower (conservative: gen-0"
                + " lower bound / gen-%d upper bound = %.1fx); target >= 10x: %s%n",
            first.generation(),
            a.formatted(),
            last.generation(),
            z.formatted(),
            a.per1000Km() / z.per1000Km(),
            last.generation(),
            a.ciLow() / z.ciHigh(),
            a.per1000Km() / z.per1000Km() >= 10 ? "met" : "NOT met"));
    GroupRate rare = last.rate("rare");
    GroupRate common = last.rate("common");
    b.append(
        String.format(
            Locale.ROOT,
            "E2: gen %d rare %s vs common %s: %.2fx; target <= 2x: %s%n",
            last.generation(),
            rare.formatted(),
            common.formatted(),
            rare.per1000Km() / common.per1000Km(),
            rare.per1000Km() <= 2 * common.per1000Km() ? "met" : "NOT met"));
    return b.toString();
  }
}
