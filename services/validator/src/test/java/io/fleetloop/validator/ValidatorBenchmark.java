package io.fleetloop.validator;

import io.fleetloop.chip.Rounding;
import io.fleetloop.world.PolicyModel;
import java.util.List;
import java.util.Locale;

/**
 * What a validation costs at the default suite size: building the suites (simulating the world) and
 * measuring an FP32 model (baseline) and a chip model (FP32 + the emulated chip) on them, in the
 * same run. Run:
 *
 * <pre>
 * ./mvnw -o -q -pl services/validator test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.fleetloop.validator.ValidatorBenchmark
 * </pre>
 */
public final class ValidatorBenchmark {
  private ValidatorBenchmark() {}

  public static void main(String[] args) {
    Suites.Size size = Suites.Size.defaults();
    PolicyModel fp32 = TestModels.fp32();
    PolicyModel chip = TestModels.chip(Rounding.HALF_EVEN);
    long t0 = System.nanoTime();
    List<Suite> suites = Suites.build(List.of(Suites.HELDOUT, Suites.TAIL), size);
    long t1 = System.nanoTime();
    int frames = suites.stream().mapToInt(s -> s.samples().size()).sum();
    // warm-up, then timed
    Validator.validate(fp32, "s3://b/m", "d", suites, Gates.none(), l -> {});
    Validator.validate(chip, "s3://b/m", "d", suites, Gates.none(), l -> {});
    long t2 = System.nanoTime();
    ValidationReport rf = Validator.validate(fp32, "s3://b/m", "d", suites, Gates.none(), l -> {});
    long t3 = System.nanoTime();
    ValidationReport rc = Validator.validate(chip, "s3://b/m", "d", suites, Gates.none(), l -> {});
    long t4 = System.nanoTime();
    double build = (t1 - t0) / 1e9;
    double measureFp32 = (t3 - t2) / 1e9;
    double measureChip = (t4 - t3) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "suites %s at %d vehicles x %d ticks: %d frames (heldout %d, tail %d), built in %.2f s%n",
        List.of(Suites.HELDOUT, Suites.TAIL),
        size.vehicles(),
        size.ticks(),
        frames,
        suites.get(0).samples().size(),
        suites.get(1).samples().size(),
        build);
    System.out.printf(
        Locale.ROOT,
        "measure FP32 model (baseline): %.3f s, %.0f frames/s; accuracy %.3f%n",
        measureFp32,
        frames / measureFp32,
        rf.accuracy());
    System.out.printf(
        Locale.ROOT,
        "measure chip model (FP32 + chip): %.3f s, %.0f frames/s; accuracy %.3f, tail chip"
            + " disagreement %.4f%n",
        measureChip,
        frames / measureChip,
        rc.accuracy(),
        rc.chipDisagreement());
    System.out.printf(
        Locale.ROOT,
        "ratio chip/FP32 measure time: %.2f; suite build / FP32 measure: %.1f%n",
        measureChip / measureFp32,
        build / measureFp32);
    System.out.printf(
        Locale.ROOT,
        "heap used after: %d MB%n",
        (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
  }
}
