package io.fleetloop.release.bench;

import io.fleetloop.api.v1alpha1.DataTrigger;
import io.fleetloop.release.core.AssignmentPolicy;
import io.fleetloop.release.core.Resources;
import io.fleetloop.release.core.ServedRelease;
import io.fleetloop.release.core.ServedTrigger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How much a device's assignment costs with 200 triggers served, against the baseline of the same
 * assignment with no trigger (cohort hashing, release selection and the reply only), measured in
 * the same run.
 *
 * <p>{@code ./mvnw -q -pl services/release exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.fleetloop.release.bench.AssignmentBenchmark}
 */
public final class AssignmentBenchmark {

  private AssignmentBenchmark() {}

  public static void main(String[] args) {
    int devices = 20_000;
    List<ServedTrigger> triggers = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      DataTrigger t = Resources.trigger("t" + i, "fleet-" + (i % 10), i % 2 == 0 ? 5 : 100);
      triggers.add(ServedTrigger.of(Resources.compiled(t, "True", 1)).orElseThrow());
    }
    List<ServedRelease> releases = new ArrayList<>();
    for (int f = 0; f < 10; f++) {
      releases.add(
          ServedRelease.of(
                  Resources.rollingOut(
                      Resources.release("r" + f, "fleet-" + f, "policy-g4"), "policy-g3", 1))
              .orElseThrow());
    }
    AssignmentPolicy policy = new AssignmentPolicy(60);
    List<String> ids = new ArrayList<>();
    List<Map<String, String>> labels = new ArrayList<>();
    for (int d = 0; d < devices; d++) {
      ids.add("vin-" + d);
      labels.add(Map.of("fleet", "fleet-" + (d % 10), "hw", "hw4"));
    }
    for (int round = 0; round < 3; round++) { // warm-up
      run(policy, ids, labels, triggers, releases);
      run(policy, ids, labels, List.of(), releases);
    }
    double withTriggers = best(policy, ids, labels, triggers, releases);
    double baseline = best(policy, ids, labels, List.of(), releases);
    System.out.printf(
        Locale.ROOT,
        "assignment, 200 triggers, 10 releases: %.2f µs/device (%.0f devices/s)%n",
        withTriggers,
        1e6 / withTriggers);
    System.out.printf(
        Locale.ROOT,
        "baseline, no triggers (cohort + release + reply): %.2f µs/device (%.0f devices/s)%n",
        baseline,
        1e6 / baseline);
    System.out.printf(
        Locale.ROOT, "ratio (200 triggers / baseline): %.1fx%n", withTriggers / baseline);
  }

  private static double best(
      AssignmentPolicy policy,
      List<String> ids,
      List<Map<String, String>> labels,
      List<ServedTrigger> triggers,
      List<ServedRelease> releases) {
    double best = Double.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      best = Math.min(best, run(policy, ids, labels, triggers, releases));
    }
    return best;
  }

  /** Microseconds per assignment over the whole fleet. */
  private static double run(
      AssignmentPolicy policy,
      List<String> ids,
      List<Map<String, String>> labels,
      List<ServedTrigger> triggers,
      List<ServedRelease> releases) {
    long sink = 0;
    long start = System.nanoTime();
    for (int d = 0; d < ids.size(); d++) {
      sink += policy.assign(ids.get(d), labels.get(d), triggers, releases).getTriggersCount();
    }
    long nanos = System.nanoTime() - start;
    if (sink < 0) {
      throw new AssertionError();
    }
    return nanos / 1e3 / ids.size();
  }
}
