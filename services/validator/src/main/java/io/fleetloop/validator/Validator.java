package io.fleetloop.validator;

import io.fleetloop.chip.ChipRuntime;
import io.fleetloop.trainer.ChipDeployment;
import io.fleetloop.trainer.PolicyDecisions;
import io.fleetloop.world.Conditions;
import io.fleetloop.world.PolicyModel;
import io.fleetloop.world.model.Dataset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Measures a model on validation suites and applies the gates. Accuracy is the deployed decision
 * (the chip's, through the deployment stored in the model's metadata, when there is one; else the
 * FP32 forward's) against the human's; chip disagreement is the share of frames where the chip's
 * decision differs from the same weights' FP32 decision. Deterministic.
 */
public final class Validator {

  private Validator() {}

  /**
   * Validates {@code model} (read from {@code modelUri}, bytes with {@code digest}) on {@code
   * suites} against {@code gates}; {@code progress} gets one line per suite.
   */
  public static ValidationReport validate(
      PolicyModel model,
      String modelUri,
      String digest,
      List<Suite> suites,
      Gates gates,
      Consumer<String> progress) {
    if (suites.isEmpty()) {
      throw new IllegalArgumentException("no validation suite to run");
    }
    Optional<ChipDeployment> deployment = deployment(model);
    Map<String, SuiteResult> results = new LinkedHashMap<>();
    List<String> names = new ArrayList<>();
    for (Suite suite : suites) {
      SuiteResult r = measure(model, deployment, suite);
      results.put(suite.name(), r);
      names.add(suite.name());
      progress.accept(
          "suite %s: %d frames, accuracy %s (fp32 %s), hazard accuracy %s on %d frames%s"
              .formatted(
                  r.name(),
                  r.frames(),
                  f(r.accuracy()),
                  f(r.fp32Accuracy()),
                  f(r.hazardAccuracy()),
                  r.hazardFrames(),
                  r.chipDisagreement() == null
                      ? ""
                      : ", chip disagreement " + f(r.chipDisagreement())));
    }
    double accuracy =
        results.values().stream().mapToDouble(SuiteResult::accuracy).min().orElse(Double.NaN);
    String chipSuite = chipSuite(results);
    Double chip = chipSuite == null ? null : results.get(chipSuite).chipDisagreement();

    List<String> reasons = new ArrayList<>();
    List<String> held = new ArrayList<>();
    String trainingWorld = model.metadata().get("worldSeed");
    for (Suite s : suites) {
      if (trainingWorld != null && trainingWorld.equals(Long.toString(s.worldSeed()))) {
        reasons.add(
            "suite %s is driven in world seed %d, the model's training world: it is not held out"
                .formatted(s.name(), s.worldSeed()));
      }
    }
    if (gates.minAccuracy() != null) {
      double min = gates.minAccuracy();
      List<String> parts = new ArrayList<>();
      for (SuiteResult r : results.values()) {
        boolean ok = r.accuracy() >= min;
        parts.add("%s %s %s on %s".formatted(f(r.accuracy()), ok ? "≥" : "<", f(min), r.name()));
        if (!ok) {
          reasons.add(
              "accuracy %s < %s on %s (%d frames)"
                  .formatted(f(r.accuracy()), f(min), r.name(), r.frames()));
        }
      }
      held.add("accuracy " + String.join(", ", parts));
    } else {
      List<String> parts = new ArrayList<>();
      results.values().forEach(r -> parts.add(f(r.accuracy()) + " on " + r.name()));
      held.add("accuracy " + String.join(", ", parts) + " (no gate)");
    }
    if (chip == null) {
      held.add("no chip deployment (chip disagreement not measured)");
    } else if (gates.maxChipDisagreement() != null) {
      double max = gates.maxChipDisagreement();
      boolean ok = chip <= max;
      held.add(
          "chip disagreement %s %s %s on %s".formatted(f(chip), ok ? "≤" : ">", f(max), chipSuite));
      if (!ok) {
        reasons.add("chip disagreement %s > %s on %s".formatted(f(chip), f(max), chipSuite));
      }
    } else {
      held.add("chip disagreement %s on %s (no gate)".formatted(f(chip), chipSuite));
    }
    return new ValidationReport(
        modelUri,
        digest,
        names,
        accuracy,
        results,
        chip,
        gates,
        reasons.isEmpty(),
        reasons,
        String.join(", ", held));
  }

  /** The deployment stored in the model's metadata, if it carries one. */
  public static Optional<ChipDeployment> deployment(PolicyModel model) {
    if (!model.metadata().containsKey(ChipDeployment.CALIBRATION_KEY)) {
      return Optional.empty();
    }
    return Optional.of(ChipDeployment.fromMetadata(model.metadata()));
  }

  private static String chipSuite(Map<String, SuiteResult> results) {
    if (results.containsKey(Suites.TAIL)) {
      return results.get(Suites.TAIL).chipDisagreement() == null ? null : Suites.TAIL;
    }
    String worst = null;
    for (SuiteResult r : results.values()) {
      if (r.chipDisagreement() != null
          && (worst == null || r.chipDisagreement() > results.get(worst).chipDisagreement())) {
        worst = r.name();
      }
    }
    return worst;
  }

  private static SuiteResult measure(
      PolicyModel model, Optional<ChipDeployment> deployment, Suite suite) {
    Dataset data = suite.samples();
    int n = data.size();
    if (n == 0) {
      throw new IllegalStateException("suite " + suite.name() + " has no frames");
    }
    float[] x = PolicyDecisions.inputs(data);
    int[] labels = PolicyDecisions.labels(data);
    int[] fp32 = PolicyDecisions.fp32(model.mlp(), x, n);
    int[] deployed = fp32;
    Double chipDisagreement = null;
    if (deployment.isPresent()) {
      ChipRuntime chip = deployment.get().runtime(model.mlp());
      deployed = PolicyDecisions.chip(chip, x, n);
      chipDisagreement = 1 - PolicyDecisions.agreement(deployed, fp32);
    }
    int hazard = 0;
    int hazardRight = 0;
    Map<Integer, int[]> perCondition = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      boolean right = deployed[i] == labels[i];
      if (Suites.hazard(data, i)) {
        hazard++;
        hazardRight += right ? 1 : 0;
      }
      int[] c = perCondition.computeIfAbsent(data.tag(i), k -> new int[2]);
      c[0]++;
      c[1] += right ? 1 : 0;
    }
    Map<String, SuiteResult.ConditionResult> conditions = new TreeMap<>();
    perCondition.forEach(
        (tag, c) ->
            conditions.put(
                Conditions.label(tag),
                new SuiteResult.ConditionResult(c[0], (double) c[1] / c[0])));
    return new SuiteResult(
        suite.name(),
        suite.worldSeed(),
        n,
        PolicyDecisions.agreement(deployed, labels),
        PolicyDecisions.agreement(fp32, labels),
        hazard,
        hazard == 0 ? Double.NaN : (double) hazardRight / hazard,
        chipDisagreement,
        conditions);
  }

  /** Three decimals, as in conditions and progress lines. */
  static String f(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
  }
}
