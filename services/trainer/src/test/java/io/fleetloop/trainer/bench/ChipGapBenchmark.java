package io.fleetloop.trainer.bench;

import java.util.Locale;

/**
 * Prints the stage-6 measurement ({@link ChipGapExperiment}): per chip arithmetic, the tail
 * disagreement with the FP32 reference and the chip's error rate after PTQ, simulated QAT and the
 * hardware-in-the-loop phase, with 95% Wilson intervals; then the training throughput of the FP32,
 * QAT and chip-runtime forwards measured in the same run.
 *
 * <pre>
 * ./mvnw -q -pl services/trainer test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.fleetloop.trainer.bench.ChipGapBenchmark [-Dexec.args=--reduced]
 * </pre>
 */
public final class ChipGapBenchmark {
  private ChipGapBenchmark() {}

  public static void main(String[] args) {
    boolean reduced = args.length > 0 && args[0].equals("--reduced");
    ChipGapExperiment.Config config =
        reduced ? ChipGapExperiment.Config.reduced() : ChipGapExperiment.Config.full();
    long start = System.nanoTime();
    ChipGapExperiment.Result r = new ChipGapExperiment(config, System.out::println).run();
    System.out.println(report(r));
    System.out.printf(Locale.ROOT, "total %.1f s%n", (System.nanoTime() - start) / 1e9);
  }

  static String report(ChipGapExperiment.Result r) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "%ntail frames %d (hazard: human brakes, %d), training frames %d%n",
            r.tailFrames(),
            r.hazardFrames(),
            r.trainSamples()));
    sb.append(
        String.format(
            Locale.ROOT,
            "FP32 reference error: tail %s, hazard %s%n%n",
            pct(r.fp32Error()),
            pct(r.fp32HazardError())));
    sb.append(
        String.format(
            Locale.ROOT,
            "| chip | arm | tail disagreement vs FP32 | chip error | hazard disagreement | hazard"
                + " error |%n|---|---|---|---|---|---|%n"));
    ChipGapExperiment.Arm qat = null;
    for (ChipGapExperiment.Arm a : r.arms()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s%s | %s | %s | %s | %s | %s |%n",
              a.chip().rounding().specName(),
              a.chip().saturate() ? "" : " (wrap)",
              a.arm(),
              pct(a.disagreement()),
              pct(a.error()),
              pct(a.hazardDisagreement()),
              pct(a.hazardError())));
    }
    sb.append(String.format(Locale.ROOT, "%nHIL / QAT tail disagreement (goal ≤ 0.20):%n"));
    for (ChipGapExperiment.Arm a : r.arms()) {
      if (a.arm().equals("QAT")) {
        qat = a;
      } else if (a.arm().equals("HIL") && qat != null) {
        double[] ci = ratioInterval(a.disagreement(), qat.disagreement());
        sb.append(
            String.format(
                Locale.ROOT,
                "  %s%s: %.3f (95%% CI %.3f–%.3f, %d vs %d frames)%n",
                a.chip().rounding().specName(),
                a.chip().saturate() ? "" : " (wrap)",
                a.disagreement().value() / qat.disagreement().value(),
                ci[0],
                ci[1],
                a.disagreement().hits(),
                qat.disagreement().hits()));
      }
    }
    ChipGapExperiment.Throughput t = r.throughput();
    sb.append(
        String.format(
            Locale.ROOT,
            "%ntraining throughput (samples/s, forward+backward+update, same run):%n"
                + "  FP32 (libs/world Trainer, batched)  %,10.0f   1.00%n"
                + "  QAT  (FakeQuant trace + STE)        %,10.0f   %.3f%n"
                + "  Chip (ChipRuntime trace + STE)      %,10.0f   %.3f%n",
            t.fp32(),
            t.qat(),
            t.qat() / t.fp32(),
            t.chip(),
            t.chip() / t.fp32()));
    return sb.toString();
  }

  private static String pct(ChipGapExperiment.Share s) {
    double[] ci = s.wilson();
    return String.format(
        Locale.ROOT,
        "%.2f%% [%.2f, %.2f] (%d/%d)",
        100 * s.value(),
        100 * ci[0],
        100 * ci[1],
        s.hits(),
        s.n());
  }

  /** Katz log interval of the ratio of two proportions (counts + 0.5 when zero). */
  static double[] ratioInterval(ChipGapExperiment.Share a, ChipGapExperiment.Share b) {
    double x1 = Math.max(a.hits(), 0.5);
    double x2 = Math.max(b.hits(), 0.5);
    double ratio = (x1 / a.n()) / (x2 / b.n());
    double se = Math.sqrt(1 / x1 - 1.0 / a.n() + 1 / x2 - 1.0 / b.n());
    double z = 1.959963984540054;
    return new double[] {ratio * Math.exp(-z * se), ratio * Math.exp(z * se)};
  }
}
