package io.fleetloop.audit.command;

import io.fleetloop.audit.api.ResourceIds;
import io.fleetloop.audit.api.event.ClipsIngested;
import io.fleetloop.audit.api.event.Cohort;
import io.fleetloop.audit.api.event.ConditionChanged;
import io.fleetloop.audit.api.event.DatasetSnapshotCut;
import io.fleetloop.audit.api.event.IngestedClip;
import io.fleetloop.audit.api.event.Measurement;
import io.fleetloop.audit.api.event.ModelProduced;
import io.fleetloop.audit.api.event.ModelValidated;
import io.fleetloop.audit.api.event.ReleasePromoted;
import io.fleetloop.audit.api.event.ReleaseRolledBack;
import io.fleetloop.audit.api.event.ShadowStarted;
import io.fleetloop.audit.api.event.StageAdvanced;
import io.fleetloop.audit.api.event.TrainingPhaseFinished;
import io.fleetloop.audit.api.event.TrainingPhaseStarted;
import io.fleetloop.audit.api.event.TrainingRunAdmitted;
import io.fleetloop.audit.api.event.TriggerChanged;
import io.fleetloop.audit.api.event.TriggerDeployed;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Test data: well-formed facts for every stream, to be varied per test. */
public final class Facts {

  public static final String TRIGGER = ResourceIds.dataTrigger("fleet", "fog-construction");
  public static final String RUN = ResourceIds.trainingRun("ml", "policy-g4");
  public static final String RELEASE = ResourceIds.fleetRelease("prod", "model-y-na");
  public static final String POOL = ResourceIds.hardwarePool("edge-hw4");
  public static final String DATASET = ResourceIds.dataset("policy-2026-11-21");
  public static final String DEVICE = ResourceIds.device("veh-00042");
  public static final String DIGEST = "sha256:" + "ab".repeat(32);

  private Facts() {}

  public static String digest(int n) {
    return "sha256:" + String.format("%064x", n);
  }

  public static TriggerDeployed deployed() {
    return new TriggerDeployed(TRIGGER, "uid-1", 1, "frame.takeover", 50, 1.0, 5, digest(1));
  }

  public static TriggerChanged changed(long generation) {
    return new TriggerChanged(
        TRIGGER,
        generation,
        "frame.takeover || shadow.disagreement > 0.3",
        60,
        0.5,
        5,
        digest((int) generation));
  }

  public static ConditionChanged condition(
      String stream, String uid, long generation, String type, String status, String reason) {
    return new ConditionChanged(stream, uid, generation, type, status, reason, reason + " message");
  }

  public static DatasetSnapshotCut cut(String datasetId, List<String> clipIds) {
    return new DatasetSnapshotCut(
        datasetId,
        "s3://datasets/" + datasetId + ".json",
        DIGEST,
        clipIds.size(),
        clipIds,
        Map.of(TRIGGER, (long) clipIds.size()));
  }

  public static TrainingRunAdmitted admitted(String runId, String baseVersion, String dataset) {
    return new TrainingRunAdmitted(
        runId, "uid-" + runId, 1, "policy", baseVersion, dataset, List.of("pretrain", "hil"), 100);
  }

  public static TrainingPhaseStarted started(String runId, String phase) {
    return new TrainingPhaseStarted(
        runId, phase, phase.equals("hil") ? "edge-hw4" : "gpu-a100", "FP32");
  }

  public static TrainingPhaseFinished finished(String runId, String phase, boolean ok) {
    return new TrainingPhaseFinished(runId, phase, ok, Map.of("loss", 0.12), ok ? "ok" : "OOM");
  }

  public static ModelProduced produced(String runId, String version) {
    return new ModelProduced(runId, version, "s3://models/" + version, DIGEST);
  }

  public static ModelValidated validated(String runId, String version) {
    return new ModelValidated(
        runId,
        version,
        List.of("heldout", "tail"),
        Map.of("accuracy", 0.981),
        "accuracy 0.981 >= 0.97");
  }

  public static List<Measurement> measured(double rate, double baseline) {
    return List.of(
        new Measurement("all", 5210, 2, rate, rate * 0.4, rate * 1.9, baseline, "Pass"),
        new Measurement("fog", 310, 0, 0.0, 0.0, 11.9, baseline, "Inconclusive"));
  }

  public static ShadowStarted shadow(String candidate, String stable) {
    return new ShadowStarted(RELEASE, candidate, stable, new Cohort("shadow", 5, 500));
  }

  public static StageAdvanced advanced(String candidate, int from, int to, int percent) {
    return new StageAdvanced(
        RELEASE,
        candidate,
        from,
        to,
        new Cohort("stage-" + to, percent, percent * 100L),
        measured(0.38, 0.45),
        "ciHigh 0.72 <= baseline 0.45 x 1.6 after 5210 km >= minKm 5000");
  }

  public static ReleasePromoted promoted(String version) {
    return new ReleasePromoted(RELEASE, version, measured(0.38, 0.45), "all stages passed");
  }

  public static ReleaseRolledBack rolledBack(String version, String restored, int stage) {
    return new ReleaseRolledBack(
        RELEASE,
        version,
        restored,
        stage,
        measured(0.9, 0.45),
        "ciLow 0.52 > baseline 0.45 x (1 + 0.0)",
        "InterventionRateRegressed");
  }

  public static ClipsIngested clips(String deviceId, String batchId, int n) {
    List<IngestedClip> clips = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      clips.add(
          new IngestedClip(
              batchId + "-clip-" + i,
              TRIGGER,
              1,
              "policy-g3",
              digest(i),
              1 << 20,
              Instant.parse("2026-11-21T10:00:00Z")));
    }
    return new ClipsIngested(deviceId, batchId, clips);
  }
}
