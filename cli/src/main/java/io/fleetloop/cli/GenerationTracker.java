package io.fleetloop.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fleetloop.api.common.Condition;
import io.fleetloop.api.v1alpha1.FleetRelease;
import io.fleetloop.api.v1alpha1.FleetReleaseStatus;
import io.fleetloop.api.v1alpha1.GenerationRecord;
import io.fleetloop.api.v1alpha1.RolloutStage;
import io.fleetloop.api.v1alpha1.StageAnalysis;
import io.fleetloop.release.client.ReleaseChannelClient;
import io.fleetloop.release.grpc.ExposureRole;
import io.fleetloop.release.grpc.ReleaseStatsReply;
import io.fleetloop.stats.Exposure;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows every FleetRelease of the local loop, generation after generation, from what the fleet
 * and the operator report: the release's status (stable and candidate versions, {@code
 * status.analysis} per stage, {@code status.history}, the RolledBack/Frozen conditions) from the
 * API server, and each generation's DRIVING exposure per driving condition from the release
 * channel's {@code ReleaseStats} (what the vehicles reported). Nothing here reads the simulator.
 *
 * <p>Generation 0 is the stable version a release has when first seen; each candidate the history
 * records as {@code Promoted} is the next generation. On every promotion or rollback it prints one
 * block and rewrites {@code generations.csv}, {@code rollouts.csv} and {@code loop.json} ({@link
 * LoopReportWriter}). {@link #poll()} is called every few seconds by {@link LocalLoop}; not
 * thread-safe beyond that ({@link #report()} may be called from any thread).
 */
final class GenerationTracker {

  private static final Logger LOG = LoggerFactory.getLogger(GenerationTracker.class);

  private final KubernetesClient client;
  private final Optional<ReleaseChannelClient> channel;
  private final PrintStream out;
  private final Path reportDir;
  private final Predicate<String> poisoned;
  private final Clock clock;
  private final Map<String, ReleaseState> releases = new TreeMap<>();

  /** The largest reading of each model version's DRIVING exposure, by condition group. */
  private final Map<String, Map<String, Exposure>> exposure = new TreeMap<>();

  private volatile LoopReport report = LoopReport.EMPTY;

  /**
   * @param channel the release channel as a service (its ReleaseStats); empty: no rates
   * @param reportDir where the CSV/JSON files go
   * @param poisoned whether a model version is a poisoned candidate the loop injected
   */
  GenerationTracker(
      KubernetesClient client,
      Optional<ReleaseChannelClient> channel,
      PrintStream out,
      Path reportDir,
      Predicate<String> poisoned,
      Clock clock) {
    this.client = client;
    this.channel = channel;
    this.out = out;
    this.reportDir = reportDir;
    this.poisoned = poisoned;
    this.clock = clock;
  }

  /** The report so far. */
  LoopReport report() {
    return report;
  }

  /** Where the CSV/JSON files are written. */
  Path reportDir() {
    return reportDir;
  }

  /** One look at every release: new stages, promotions, rollbacks, exposure. */
  void poll() {
    // first the fleet's exposure, so that a candidate promoted in this look has its km already
    boolean changed = readExposure();
    for (FleetRelease r : client.resources(FleetRelease.class).inAnyNamespace().list().getItems()) {
      FleetReleaseStatus status = r.getStatus();
      if (status == null || status.getStableVersion() == null) {
        continue;
      }
      String key = r.getMetadata().getNamespace() + "/" + r.getMetadata().getName();
      ReleaseState state = releases.get(key);
      if (state == null) {
        state = new ReleaseState(key);
        releases.put(key, state);
        state.generations.add(new Gen(0, status.getStableVersion(), clock.instant().toString()));
        out.printf(
            "[loop] %s: generation 0 is %s, the model the fleet drives now%n",
            key, status.getStableVersion());
        changed = true;
      }
      changed |= look(state, r, status);
    }
    if (changed) {
      publish();
    }
  }

  /** Writes the files once more (e.g. at shutdown, with the latest exposure). */
  void flush() {
    readExposure();
    publish();
  }

  private boolean look(ReleaseState state, FleetRelease r, FleetReleaseStatus status) {
    boolean changed = false;
    String rolling =
        status.getRollout() != null && status.getRollout().getVersion() != null
            ? status.getRollout().getVersion()
            : status.getCandidateVersion();
    if (rolling != null && status.getAnalysis() != null) {
      Map<Integer, LoopReport.Stage> stages =
          state.analysis.computeIfAbsent(rolling, v -> new TreeMap<>());
      for (StageAnalysis a : status.getAnalysis()) {
        if (a.getStage() != null) {
          stages.put(a.getStage(), stage(r, a));
        }
      }
    }
    String candidate = status.getCandidateVersion();
    if (candidate != null && !candidate.equals(state.lastCandidate)) {
      out.printf(
          "[loop] %s: rollout of %s started beside generation %d (%s)%s%n",
          state.key,
          candidate,
          state.current().number,
          state.current().version,
          poisoned.test(candidate)
              ? " -- POISONED candidate (its trainer was told to poison its labels)"
              : "");
    }
    state.lastCandidate = candidate;
    List<GenerationRecord> history = status.getHistory() == null ? List.of() : status.getHistory();
    if (state.historySeen < 0) {
      state.historySeen = history.size(); // what happened before this run is not ours
    }
    for (int i = state.historySeen; i < history.size(); i++) {
      changed |= outcome(state, status, history.get(i));
    }
    state.historySeen = Math.max(state.historySeen, history.size());
    return changed;
  }

  private boolean outcome(ReleaseState state, FleetReleaseStatus status, GenerationRecord h) {
    if (h.getVersion() == null || h.getVersion().equals(state.current().version)) {
      return false;
    }
    Gen from = state.current();
    List<LoopReport.Stage> stages =
        new ArrayList<>(state.analysis.getOrDefault(h.getVersion(), new TreeMap<>()).values());
    String message = message(status, h.getOutcome(), stages);
    LoopReport.Rollout rollout =
        new LoopReport.Rollout(
            state.key,
            h.getVersion(),
            from.number,
            h.getOutcome(),
            h.getAt(),
            message,
            poisoned.test(h.getVersion()),
            stages);
    state.rollouts.add(rollout);
    if (GenerationRecord.OUTCOME_PROMOTED.equals(h.getOutcome())) {
      Gen next =
          new Gen(
              from.number + 1, h.getVersion(), h.getAt() == null ? now() : h.getAt().toString());
      state.generations.add(next);
      publish();
      printPromotion(state, rollout, from, next);
    } else {
      publish();
      printOutcome(state, rollout, from);
    }
    return true;
  }

  private void printPromotion(ReleaseState state, LoopReport.Rollout rollout, Gen from, Gen next) {
    LoopReport snapshot = report;
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            "%n[loop] ==== %s generation %d: %s drives 100%% of the fleet (promoted %s) ====%n",
            state.key, next.number, next.version, rollout.at()));
    b.append(
        String.format(
            "  rollout of %s beside generation %d (%s), as the operator judged it:%n",
            rollout.candidate(), from.number, from.version));
    b.append(LoopReportWriter.stages(rollout));
    findGeneration(snapshot, state.key, from.number)
        .ifPresent(
            g ->
                b.append(
                        String.format(
                            "  generation %d (%s) as the fleet reported it, interventions per"
                                + " 1,000 km [95%% exact Poisson] (count):%n",
                            g.number(), g.version()))
                    .append(LoopReportWriter.conditions(g)));
    b.append("  generations so far (* = the fleet's model now):\n");
    b.append(LoopReportWriter.generationTable(snapshot, state.key));
    b.append("  written: ").append(reportDir).append("/{generations.csv,rollouts.csv,loop.json}\n");
    out.print(b);
    out.flush();
  }

  private void printOutcome(ReleaseState state, LoopReport.Rollout rollout, Gen from) {
    StringBuilder b = new StringBuilder();
    String at =
        rollout.stages().isEmpty()
            ? "before its first stage"
            : "at " + rollout.stages().get(rollout.stages().size() - 1).label();
    b.append(
        String.format(
            "%n[loop] ==== %s %s: %s%s %s; generation %d (%s) stays ====%n",
            state.key,
            rollout.outcome().toUpperCase(java.util.Locale.ROOT),
            rollout.candidate(),
            rollout.poisoned() ? " (POISONED: its trainer was told to poison its labels)" : "",
            rollout.outcome().equals(GenerationRecord.OUTCOME_ROLLED_BACK)
                ? "rolled back by the operator " + at
                : rollout.outcome() + " " + at,
            from.number,
            from.version));
    b.append("  ").append(rollout.message()).append('\n');
    b.append(LoopReportWriter.stages(rollout));
    b.append("  generations so far (* = the fleet's model now):\n");
    b.append(LoopReportWriter.generationTable(report, state.key));
    out.print(b);
    out.flush();
  }

  private static Optional<LoopReport.Generation> findGeneration(
      LoopReport report, String release, int number) {
    return report.generations(release).stream().filter(g -> g.number() == number).findFirst();
  }

  /** The operator's words for an outcome: the RolledBack/Frozen condition, else the last reason. */
  private static String message(
      FleetReleaseStatus status, String outcome, List<LoopReport.Stage> stages) {
    String type =
        GenerationRecord.OUTCOME_FROZEN.equals(outcome)
            ? FleetReleaseStatus.FROZEN
            : GenerationRecord.OUTCOME_PROMOTED.equals(outcome)
                ? null
                : FleetReleaseStatus.ROLLED_BACK;
    if (type != null) {
      Optional<Condition> c = status.condition(type);
      if (c.isPresent() && "True".equals(c.get().getStatus())) {
        return type + "=True/" + c.get().getReason() + ": " + c.get().getMessage();
      }
    }
    return stages.isEmpty() ? outcome : outcome + ": " + stages.get(stages.size() - 1).reason();
  }

  private static LoopReport.Stage stage(FleetRelease r, StageAnalysis a) {
    Integer percent = 100;
    int index = a.getStage();
    List<RolloutStage> spec = r.getSpec().getStages();
    if (index >= 0) {
      percent = spec != null && index < spec.size() ? spec.get(index).getPercent() : null;
    }
    return new LoopReport.Stage(
        index,
        percent,
        a.getKm(),
        a.getInterventions(),
        a.getRate(),
        a.getCiLow(),
        a.getCiHigh(),
        a.getBaselineRate(),
        a.getVerdict(),
        a.getReason());
  }

  /** Asks the release channel for the exposure of every generation; true when any grew. */
  private boolean readExposure() {
    if (channel.isEmpty() || releases.isEmpty()) {
      return false;
    }
    Set<String> versions = new TreeSet<>();
    releases
        .values()
        .forEach(
            s -> {
              s.generations.forEach(g -> versions.add(g.version));
              if (s.lastCandidate != null) {
                versions.add(s.lastCandidate); // its km become its generation's if promoted
              }
            });
    ReleaseStatsReply reply;
    try {
      reply = channel.get().releaseStats(versions);
    } catch (RuntimeException e) {
      LOG.debug("release channel did not answer ReleaseStats: {}", e.toString());
      return false;
    }
    Map<String, Map<String, Exposure>> byVersion = new TreeMap<>();
    for (var e : reply.getExposureList()) {
      if (e.getRole() != ExposureRole.DRIVING) {
        continue;
      }
      byVersion
          .computeIfAbsent(e.getModelVersion(), v -> new TreeMap<>())
          .merge(e.getCondition(), Exposure.of(e.getKm(), e.getInterventions()), Exposure::plus);
    }
    boolean grew = false;
    for (Map.Entry<String, Map<String, Exposure>> e : byVersion.entrySet()) {
      Map<String, Exposure> grouped = ConditionGroups.group(e.getValue());
      double km = grouped.get(ConditionGroups.ALL).km();
      Map<String, Exposure> before = exposure.get(e.getKey());
      // cumulative counters: keep the largest reading (a restarted channel reads low at first)
      if (before == null || km > before.get(ConditionGroups.ALL).km()) {
        exposure.put(e.getKey(), grouped);
        grew = true;
      }
    }
    return grew;
  }

  private void publish() {
    List<LoopReport.Generation> generations = new ArrayList<>();
    List<LoopReport.Rollout> rollouts = new ArrayList<>();
    for (ReleaseState s : releases.values()) {
      Gen current = s.current();
      for (Gen g : s.generations) {
        generations.add(
            new LoopReport.Generation(
                s.key,
                g.number,
                g.version,
                g.since,
                g == current,
                exposure.getOrDefault(g.version, ConditionGroups.group(Map.of()))));
      }
      rollouts.addAll(s.rollouts);
    }
    report = new LoopReport(generations, rollouts);
    try {
      LoopReportWriter.write(reportDir, report);
    } catch (RuntimeException e) {
      out.println("[loop] cannot write the loop report: " + e.getMessage());
    }
  }

  private String now() {
    return clock.instant().toString();
  }

  /** What is known about one release. */
  private static final class ReleaseState {
    final String key;
    final List<Gen> generations = new ArrayList<>();
    final List<LoopReport.Rollout> rollouts = new ArrayList<>();
    final Map<String, Map<Integer, LoopReport.Stage>> analysis = new LinkedHashMap<>();
    int historySeen = -1;
    String lastCandidate;

    ReleaseState(String key) {
      this.key = key;
    }

    Gen current() {
      return generations.get(generations.size() - 1);
    }
  }

  /** One generation of a release. */
  private static final class Gen {
    final int number;
    final String version;
    final String since;

    Gen(int number, String version, String since) {
      this.number = number;
      this.version = version;
      this.since = since;
    }
  }
}
