package io.fleetloop.e2e;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fleetloop.api.v1alpha1.FleetRelease;
import io.fleetloop.api.v1alpha1.FleetReleaseRollout;
import io.fleetloop.api.v1alpha1.FleetReleaseStatus;
import io.fleetloop.api.v1alpha1.StageAnalysis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Follows one FleetRelease through the Kubernetes API (a GET every {@code every}) and keeps, per
 * rolled-out version, what its {@code status} showed: the rollout states in order ({@code
 * Shadow/-1}, {@code Canary/0}, ..., {@code Stable}, {@code RolledBack}), the latest {@code
 * analysis} entry of every stage, and every {@code Progressing} message. Each analysis entry seen
 * is checked as it is seen (rate = interventions / km × 1000, ciLow ≤ rate ≤ ciHigh, a verdict only
 * at or above the minimum exposure); what breaks a rule is kept in {@link #violations()}.
 *
 * <p>The status holds only the current rollout's analysis; the watch keeps each stage's last look,
 * so a test can read the whole rollout after the fact.
 */
final class ReleaseWatch implements AutoCloseable {

  /** What the watch saw of one version's rollout. */
  static final class Track {
    final List<String> states = new ArrayList<>();
    final Map<Integer, StageAnalysis> lastLook = new TreeMap<>();
    final List<String> progressing = new ArrayList<>();

    /** The states, e.g. {@code [Shadow/-1, Canary/0, Canary/1, Canary/2, Stable]}. */
    synchronized List<String> states() {
      return List.copyOf(states);
    }

    /** The last analysis entry seen of every stage (-1 is the shadow phase). */
    synchronized Map<Integer, StageAnalysis> lastLook() {
      return new TreeMap<>(lastLook);
    }

    /** Every distinct Progressing message, in order. */
    synchronized List<String> progressing() {
      return List.copyOf(progressing);
    }
  }

  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  private final ScheduledExecutorService executor;
  private final Map<String, Track> tracks = new LinkedHashMap<>();
  private final List<String> violations = new ArrayList<>();
  private volatile FleetRelease latest;
  private volatile long looks;

  private ReleaseWatch(KubernetesClient client, String namespace, String name) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "e2e-release-watch-" + name);
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts watching {@code namespace/name}, one look every {@code every}. */
  static ReleaseWatch start(
      KubernetesClient client, String namespace, String name, Duration every) {
    ReleaseWatch watch = new ReleaseWatch(client, namespace, name);
    watch.executor.scheduleWithFixedDelay(
        watch::lookSafely, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    return watch;
  }

  /** What was seen of {@code version} (empty until its rollout shows). */
  synchronized Track track(String version) {
    return tracks.computeIfAbsent(version, v -> new Track());
  }

  /** The release as last seen (null before the first look). */
  FleetRelease latest() {
    return latest;
  }

  /** Looks taken so far. */
  long looks() {
    return looks;
  }

  /** The analysis entries that broke a rule, in words. */
  synchronized List<String> violations() {
    return List.copyOf(violations);
  }

  private void lookSafely() {
    try {
      FleetRelease r =
          client.resources(FleetRelease.class).inNamespace(namespace).withName(name).get();
      if (r != null) {
        look(r);
      }
    } catch (RuntimeException e) {
      // a slow or restarting API server: the next look tries again
    }
  }

  /** Records one snapshot of the release. */
  synchronized void look(FleetRelease r) {
    latest = r;
    looks++;
    FleetReleaseStatus s = r.getStatus();
    if (s == null || s.getRollout() == null || s.getRollout().getVersion() == null) {
      return;
    }
    FleetReleaseRollout rollout = s.getRollout();
    Track track = track(rollout.getVersion());
    synchronized (track) {
      String state =
          FleetReleaseRollout.SHADOW.equals(rollout.getPhase())
                  || FleetReleaseRollout.CANARY.equals(rollout.getPhase())
              ? rollout.getPhase() + "/" + s.getCurrentStage()
              : rollout.getPhase();
      if (state != null
          && (track.states.isEmpty() || !track.states.get(track.states.size() - 1).equals(state))) {
        track.states.add(state);
      }
      for (StageAnalysis a :
          Objects.requireNonNullElse(s.getAnalysis(), List.<StageAnalysis>of())) {
        StageAnalysis before = track.lastLook.put(a.getStage(), a);
        if (before == null || !same(before, a)) {
          check(r, rollout.getVersion(), a);
        }
      }
      s.condition(FleetReleaseStatus.PROGRESSING)
          .map(c -> c.getReason() + ": " + c.getMessage())
          .filter(
              m ->
                  track.progressing.isEmpty()
                      || !track.progressing.get(track.progressing.size() - 1).equals(m))
          .ifPresent(track.progressing::add);
    }
  }

  private void check(FleetRelease r, String version, StageAnalysis a) {
    String where = version + " " + (a.getStage() < 0 ? "shadow" : "stage " + a.getStage());
    List<String> broken = new ArrayList<>();
    if (a.getKm() == null || a.getInterventions() == null) {
      broken.add("km or interventions missing");
    } else if (a.getRate() == null) {
      // no rate without exposure: nothing driven yet in the stage, and no verdict
      if (a.getKm() > 0 || !StageAnalysis.VERDICT_INCONCLUSIVE.equals(a.getVerdict())) {
        broken.add("rate missing with " + a.getKm() + " km and verdict " + a.getVerdict());
      }
    } else {
      if (a.getKm() > 0) {
        double expected = a.getInterventions() / a.getKm() * 1000;
        if (Math.abs(a.getRate() - expected) > Math.max(0.002, 1e-3 * expected)) {
          broken.add(
              String.format(
                  Locale.ROOT,
                  "rate %.3f is not interventions / km × 1000 = %d / %.3f × 1000 = %.3f",
                  a.getRate(),
                  a.getInterventions(),
                  a.getKm(),
                  expected));
        }
      }
      if (a.getCiLow() != null && a.getCiLow() > a.getRate() + 0.001) {
        broken.add("ciLow " + a.getCiLow() + " above the rate " + a.getRate());
      }
      if (a.getCiHigh() != null && a.getCiHigh() < a.getRate() - 0.001) {
        broken.add("ciHigh " + a.getCiHigh() + " below the rate " + a.getRate());
      }
      boolean decided =
          StageAnalysis.VERDICT_PASS.equals(a.getVerdict())
              || StageAnalysis.VERDICT_FAIL.equals(a.getVerdict());
      double min = minExposureKm(r, a.getStage());
      if (decided && a.getKm() < min) {
        broken.add(
            "verdict " + a.getVerdict() + " at " + a.getKm() + " km, below the minimum " + min);
      }
    }
    if (a.getVerdict() == null || a.getReason() == null || a.getReason().isBlank()) {
      broken.add("verdict or reason missing");
    }
    if (!broken.isEmpty()) {
      violations.add(where + ": " + String.join("; ", broken) + " (entry " + describe(a) + ")");
    }
  }

  /** The exposure below which no verdict may be given: the release's rule for the stage. */
  static double minExposureKm(FleetRelease r, int stage) {
    long analysis =
        r.getSpec().getAnalysis() == null || r.getSpec().getAnalysis().getMinExposureKm() == null
            ? 2000L
            : r.getSpec().getAnalysis().getMinExposureKm();
    if (stage < 0) {
      long shadow =
          r.getSpec().getShadow() == null || r.getSpec().getShadow().getMinKm() == null
              ? 0L
              : r.getSpec().getShadow().getMinKm();
      return Math.min(analysis, shadow);
    }
    return analysis;
  }

  static String describe(StageAnalysis a) {
    return String.format(
        Locale.ROOT,
        "stage %d: %s km, %s interventions, rate %s [%s, %s], baseline %s, %s: %s",
        a.getStage(),
        a.getKm(),
        a.getInterventions(),
        a.getRate(),
        a.getCiLow(),
        a.getCiHigh(),
        a.getBaselineRate(),
        a.getVerdict(),
        a.getReason());
  }

  private static boolean same(StageAnalysis x, StageAnalysis y) {
    return describe(x).equals(describe(y));
  }

  /** Everything seen, for a failing test's output. */
  synchronized String summary() {
    StringBuilder s = new StringBuilder("release watch (" + looks + " looks):\n");
    tracks.forEach(
        (version, t) -> {
          s.append("  ").append(version).append(": ").append(t.states()).append('\n');
          t.lastLook().values().forEach(a -> s.append("    ").append(describe(a)).append('\n'));
          t.progressing().forEach(p -> s.append("    Progressing ").append(p).append('\n'));
        });
    violations.forEach(v -> s.append("  VIOLATION ").append(v).append('\n'));
    return s.toString();
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
