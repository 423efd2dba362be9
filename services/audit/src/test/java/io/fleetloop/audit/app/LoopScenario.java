package io.fleetloop.audit.app;

import io.fleetloop.audit.api.ResourceIds;
import io.fleetloop.audit.api.event.AuditEvent;
import io.fleetloop.audit.api.event.ClipsIngested;
import io.fleetloop.audit.api.event.Cohort;
import io.fleetloop.audit.api.event.DatasetSnapshotCut;
import io.fleetloop.audit.api.event.IngestedClip;
import io.fleetloop.audit.api.event.ModelProduced;
import io.fleetloop.audit.api.event.ModelValidated;
import io.fleetloop.audit.api.event.ReleaseRolledBack;
import io.fleetloop.audit.api.event.ShadowStarted;
import io.fleetloop.audit.api.event.StageAdvanced;
import io.fleetloop.audit.api.event.TrainingPhaseFinished;
import io.fleetloop.audit.api.event.TrainingPhaseStarted;
import io.fleetloop.audit.api.event.TrainingRunAdmitted;
import io.fleetloop.audit.api.event.TriggerDeployed;
import io.fleetloop.audit.client.ConditionTransition;
import io.fleetloop.audit.client.PendingEvent;
import io.fleetloop.audit.command.Facts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One turn of the loop as the operators and services would record it: two triggers fire clips on
 * two devices, the curator cuts a dataset, generation 4 is trained from generation 3 on it and
 * validated, the release shadows it, advances twice, and rolls it back on a regression.
 */
final class LoopScenario {

  static final String FOG = ResourceIds.dataTrigger("fleet", "fog-construction");
  static final String TAKEOVER = ResourceIds.dataTrigger("fleet", "takeovers");
  static final String DEVICE_A = ResourceIds.device("veh-a");
  static final String DEVICE_B = ResourceIds.device("veh-b");
  static final String DATASET_G3 = ResourceIds.dataset("policy-g3-data");
  static final String DATASET_G4 = ResourceIds.dataset("policy-g4-data");
  static final String RUN_G3 = ResourceIds.trainingRun("ml", "policy-g3");
  static final String RUN_G4 = ResourceIds.trainingRun("ml", "policy-g4");
  static final String RELEASE = ResourceIds.fleetRelease("prod", "model-y-na");
  static final String ROLLBACK_RULE = "ciLow 0.52 > baseline 0.45 x (1 + 0.0) in fog";

  private LoopScenario() {}

  static List<PendingEvent> events() {
    List<PendingEvent> out = new ArrayList<>();
    add(
        out,
        "operator/datatrigger",
        new TriggerDeployed(
            FOG, "uid-fog", 1, "env.weather == 'fog'", 50, 1.0, 5, Facts.digest(11)));
    add(
        out,
        "operator/datatrigger",
        new TriggerDeployed(TAKEOVER, "uid-tk", 1, "frame.takeover", 90, 1.0, 5, Facts.digest(12)));
    out.add(
        new PendingEvent(
            new ConditionTransition(
                    "DataTrigger",
                    "fleet",
                    "takeovers",
                    "uid-tk",
                    1,
                    "Ready",
                    "True",
                    "Distributed",
                    "on 120 devices")
                .toEvent(),
            new ConditionTransition(
                    "DataTrigger",
                    "fleet",
                    "takeovers",
                    "uid-tk",
                    1,
                    "Ready",
                    "True",
                    "Distributed",
                    "")
                .idempotencyKey(),
            "operator/datatrigger",
            null,
            null));
    add(out, "service/ingest", clips(DEVICE_A, "a-1", FOG, "a-fog-", 3));
    add(out, "service/ingest", clips(DEVICE_B, "b-1", TAKEOVER, "b-tk-", 2));
    add(out, "service/ingest", clips(DEVICE_A, "a-2", TAKEOVER, "a-tk-", 1));
    add(
        out,
        "service/curator",
        new DatasetSnapshotCut(
            DATASET_G3,
            "s3://datasets/g3.json",
            Facts.digest(30),
            5000,
            List.of(),
            Map.of(TAKEOVER, 5000L)));
    add(
        out,
        "service/curator",
        new DatasetSnapshotCut(
            DATASET_G4,
            "s3://datasets/g4.json",
            Facts.digest(40),
            5,
            List.of("a-fog-0", "a-fog-1", "a-fog-2", "b-tk-0", "a-tk-0"),
            Map.of(FOG, 3L, TAKEOVER, 2L)));
    trained(out, RUN_G3, null, DATASET_G3, "policy-g3");
    trained(out, RUN_G4, "policy-g3", DATASET_G4, "policy-g4");
    add(
        out,
        "operator/fleetrelease",
        new ShadowStarted(RELEASE, "policy-g4", "policy-g3", new Cohort("shadow", 5, 600)));
    add(
        out,
        "operator/fleetrelease",
        new StageAdvanced(
            RELEASE,
            "policy-g4",
            0,
            1,
            new Cohort("stage-1", 1, 120),
            Facts.measured(0.40, 0.45),
            "shadow: no regression after 10,400 km >= minKm 10,000"));
    add(
        out,
        "operator/fleetrelease",
        new StageAdvanced(
            RELEASE,
            "policy-g4",
            1,
            2,
            new Cohort("stage-2", 10, 1200),
            Facts.measured(0.41, 0.45),
            "ciHigh 0.78 within tolerance after 5,210 km"));
    add(
        out,
        "operator/fleetrelease",
        new ReleaseRolledBack(
            RELEASE,
            "policy-g4",
            "policy-g3",
            2,
            Facts.measured(0.9, 0.45),
            ROLLBACK_RULE,
            "InterventionRateRegressed"));
    return out;
  }

  private static void trained(
      List<PendingEvent> out, String run, String base, String dataset, String version) {
    String who = "operator/trainingrun";
    add(
        out,
        who,
        new TrainingRunAdmitted(
            run, "uid-" + run, 1, "policy", base, dataset, List.of("pretrain", "hil"), 100));
    add(out, who, new TrainingPhaseStarted(run, "pretrain", "gpu-a100", "FP32"));
    add(out, who, new TrainingPhaseFinished(run, "pretrain", true, Map.of("loss", 0.2), "ok"));
    add(out, who, new TrainingPhaseStarted(run, "hil", "edge-hw4", "Chip"));
    add(
        out,
        who,
        new TrainingPhaseFinished(
            run, "hil", true, Map.of("loss", 0.18, "chipDisagreement", 0.004), "ok"));
    add(out, who, new ModelProduced(run, version, "s3://models/" + version, Facts.digest(99)));
    add(
        out,
        "service/validator",
        new ModelValidated(
            run,
            version,
            List.of("heldout", "tail"),
            Map.of("accuracy", 0.981),
            "accuracy 0.981 >= 0.97"));
  }

  static ClipsIngested clips(String device, String batch, String trigger, String prefix, int n) {
    List<IngestedClip> clips = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      clips.add(
          new IngestedClip(
              prefix + i,
              trigger,
              1,
              "policy-g3",
              Facts.digest(i),
              2048,
              Instant.parse("2026-11-20T08:00:00Z").plusSeconds(i)));
    }
    return new ClipsIngested(device, batch, clips);
  }

  private static void add(List<PendingEvent> out, String actor, AuditEvent event) {
    out.add(
        new PendingEvent(
            event,
            "scenario:" + event.aggregateId() + ":" + out.size(),
            actor,
            Instant.parse("2026-11-21T09:00:00Z").plusSeconds(out.size()),
            null));
  }
}
